"""The audit chain's anchor: the last record removed by ``gongjian audit purge``, after it was archived.

On PostgreSQL the append-only trigger (0003) now lets a DELETE through for a record at or below the anchor of the
head row, and for nothing else; UPDATE stays refused. ``audit purge`` moves the anchor and deletes in one
transaction, run as the tables' owner (the application's role has no DELETE on the audit table at all).
SQLite has no DELETE trigger (0003): there the ORM alone refuses deletes.
"""

from django.db import migrations, models

PG_PURGE = """CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.seq IS NOT NULL
       AND OLD.seq <= (SELECT anchor_seq FROM core_auditchainhead WHERE id = 1) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit records are append-only';
END; $$ LANGUAGE plpgsql;"""

PG_APPEND_ONLY = """CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit records are append-only'; END; $$ LANGUAGE plpgsql;"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_PURGE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="anchor_seq",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="anchor_value",
            field=models.CharField(default="0" * 64, max_length=64),
        ),
        migrations.RunPython(forwards, backwards),
    ]
