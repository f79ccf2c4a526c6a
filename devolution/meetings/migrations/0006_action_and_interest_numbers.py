"""Each action gets a stable number within its agenda item, and each register entry a
stable number within its person's register: their keys in the API
(/meetings/<key>/items/<item>/actions/<number>, /interests/<email>/<number>). Existing
rows are numbered in the order they were added."""

from django.db import migrations, models


def _number(model, parent: str) -> None:  # type: ignore[no-untyped-def]
    counts: dict[int, int] = {}
    for row in model.objects.order_by(parent, "id").values_list("id", parent):
        pk, parent_id = row
        counts[parent_id] = counts.get(parent_id, 0) + 1
        model.objects.filter(pk=pk).update(number=counts[parent_id])


def number_rows(apps, schema_editor):  # type: ignore[no-untyped-def]
    _number(apps.get_model("meetings", "Action"), "item_id")
    _number(apps.get_model("meetings", "Interest"), "person_id")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_meeting_times_and_cancelled"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="interest",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False),
        ),
        migrations.RunPython(number_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="action",
            name="number",
            field=models.PositiveIntegerField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="interest",
            name="number",
            field=models.PositiveIntegerField(blank=True, editable=False),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.UniqueConstraint(
                fields=("item", "number"), name="action_number_unique_per_item"
            ),
        ),
        migrations.AddConstraint(
            model_name="interest",
            constraint=models.UniqueConstraint(
                fields=("person", "number"), name="interest_number_unique_per_person"
            ),
        ),
    ]
