"""Make the audit table append-only in the database itself, not only in the ORM.

UPDATE is refused on both databases; DELETE is refused on PostgreSQL. TRUNCATE stays possible for the table's
owner (the test runner empties tables with it); production runs the app as a role that does not own the table
(docs/deployment.md). SQLite empties tables with DELETE in tests, so there the ORM alone refuses deletes.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS core_auditlog_no_update BEFORE UPDATE ON core_auditlog
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS core_auditlog_no_update;"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit records are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_auditlog_no_change BEFORE UPDATE OR DELETE ON core_auditlog
       FOR EACH ROW EXECUTE FUNCTION core_auditlog_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditlog_no_change ON core_auditlog;",
    "DROP FUNCTION IF EXISTS core_auditlog_append_only();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
