"""The audit chain is keyed (ADR 2): each event says how its hash was made.

Events already written keep their plain SHA-256 and are marked so; nothing in them is
rewritten. Adding the column makes SQLite copy the table, which drops its append-only
triggers, so they are taken down first and put back after (migration 0002's own SQL).
"""

from importlib import import_module

from django.db import migrations, models

append_only = import_module("devolution.core.migrations.0002_audit_append_only")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [
        migrations.RunPython(append_only.backwards, append_only.forwards),
        migrations.AddField(
            model_name="auditevent",
            name="scheme",
            field=models.CharField(
                choices=[
                    ("sha256", "SHA-256, written before the chain was keyed"),
                    ("hmac-sha256", "HMAC-SHA256 with the audit key"),
                ],
                default="sha256",
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(append_only.forwards, append_only.backwards),
    ]
