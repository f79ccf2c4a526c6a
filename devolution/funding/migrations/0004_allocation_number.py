"""Each allocation gets a stable number within its bid, its key in the API and the pages
(/bids/<ref>/allocations/<number>): existing allocations are numbered in the order they
were made (their meeting's date, then the order they were recorded)."""

from django.db import migrations, models


def number_allocations(apps, schema_editor):  # type: ignore[no-untyped-def]
    Allocation = apps.get_model("funding", "Allocation")
    counts: dict[int, int] = {}
    for allocation in Allocation.objects.order_by("bid_id", "made_on", "id").only("id", "bid_id"):
        counts[allocation.bid_id] = counts.get(allocation.bid_id, 0) + 1
        Allocation.objects.filter(pk=allocation.pk).update(number=counts[allocation.bid_id])


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0003_assurance"),
    ]

    operations = [
        migrations.AddField(
            model_name="allocation",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False),
        ),
        migrations.RunPython(number_allocations, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="allocation",
            name="number",
            field=models.PositiveIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="allocation",
            constraint=models.UniqueConstraint(
                fields=("bid", "number"), name="allocation_number_unique"
            ),
        ),
    ]
