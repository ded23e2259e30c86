"""The audit log's hash chain: a sequence number and an HMAC value on every record, and the chain's head.

Records written before this migration are sealed here, in id order. The append-only triggers (0003) are
lifted for that one UPDATE and put back; on SQLite the new columns are added without rebuilding the table.
"""

from django.conf import settings
from django.db import migrations, models

SQLITE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS core_auditlog_no_update BEFORE UPDATE ON core_auditlog
    BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"""
PG_TRIGGER = """CREATE TRIGGER core_auditlog_no_change BEFORE UPDATE OR DELETE ON core_auditlog
    FOR EACH ROW EXECUTE FUNCTION core_auditlog_append_only();"""


def seal_existing(apps, schema_editor):
    from gongjian.core import audit, chain

    AuditLog = apps.get_model("core", "AuditLog")
    Head = apps.get_model("core", "AuditChainHead")
    vendor = schema_editor.connection.vendor
    if not AuditLog.objects.exists():
        return
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditlog_no_update;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditlog_no_change ON core_auditlog;")
    key = audit._key()
    seq, value = 0, chain.GENESIS
    table = schema_editor.connection.ops.quote_name(AuditLog._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for rec in AuditLog.objects.order_by("pk").iterator(chunk_size=2000):
            seq += 1
            value = chain.link(key, value, seq, audit.content_of(audit._record_values(rec)))
            cursor.execute(f"UPDATE {table} SET seq = %s, chain = %s WHERE id = %s", [seq, value, rec.pk])
    Head.objects.update_or_create(pk=1, defaults={"seq": seq, "value": value})
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)
    elif vendor == "postgresql":
        schema_editor.execute(PG_TRIGGER)
    audit.write_head(seq, value, force=True)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0005_auditlog_time_label'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.BigIntegerField(default=0)),
                ('value', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'audit chain head',
                'verbose_name_plural': 'audit chain head',
            },
        ),
        migrations.AddField(
            model_name='auditlog',
            name='chain',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, verbose_name='chain value'),
        ),
        migrations.AddField(
            model_name='auditlog',
            name='seq',
            field=models.BigIntegerField(blank=True, editable=False, null=True, verbose_name='sequence number'),
        ),
        migrations.AddConstraint(
            model_name='auditlog',
            constraint=models.UniqueConstraint(condition=models.Q(('seq__isnull', False)), fields=('seq',), name='audit_seq_unique'),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
