"""Each milestone gets a stable number within its commitment, its key in the API
(/commitments/<reference>/milestones/<number>): existing milestones are numbered in the
order they were added."""

from django.db import migrations, models


def number_milestones(apps, schema_editor):  # type: ignore[no-untyped-def]
    Milestone = apps.get_model("commitments", "Milestone")
    counts: dict[int, int] = {}
    for milestone in Milestone.objects.order_by("commitment_id", "id").only("id", "commitment_id"):
        counts[milestone.commitment_id] = counts.get(milestone.commitment_id, 0) + 1
        Milestone.objects.filter(pk=milestone.pk).update(number=counts[milestone.commitment_id])


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0004_milestone_due_inferred"),
    ]

    operations = [
        migrations.AddField(
            model_name="milestone",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False),
        ),
        migrations.RunPython(number_milestones, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="milestone",
            name="number",
            field=models.PositiveIntegerField(blank=True, editable=False),
        ),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.UniqueConstraint(
                fields=("commitment", "number"), name="milestone_number_unique_per_commitment"
            ),
        ),
    ]
