"""The database itself refuses to change or remove an audit event (QUALITY R3)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: update refused'); END""",
    """CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: delete refused'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'audit events are append-only: % refused', lower(TG_OP);
       END
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent
       FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()""",
    """CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent",
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError("Devolution supports SQLite and PostgreSQL only")
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    reverse = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}
    for sql in reverse[schema_editor.connection.vendor]:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
