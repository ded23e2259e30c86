"""Bulk inserts for generated data: COPY on PostgreSQL, executemany on SQLite, ids assigned up front.

Generated rows reference each other by id, so ids are given by the writer (continuing after the table's
largest id) rather than returned by the database; on PostgreSQL the identity sequence is moved past them
afterwards. Rows are plain tuples in the order of ``fields`` (column attnames, e.g. ``unit_id``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.utils import timezone

__all__ = ["BulkWriter"]


class BulkWriter:
    """One writer per generation run; ``insert`` returns the first id it used."""

    def __init__(self, now: dt.datetime | None = None, batch: int = 20_000):
        self.now = now or timezone.now()
        self.batch = batch
        self.counts: dict[str, int] = {}
        self._next: dict[str, int] = {}

    def next_id(self, model: type[models.Model]) -> int:
        table = model._meta.db_table
        if table not in self._next:
            with connection.cursor() as c:
                c.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table name from the model
                self._next[table] = (c.fetchone()[0] or 0) + 1
        return self._next[table]

    def reserve(self, model: type[models.Model], n: int) -> int:
        """Reserve ``n`` ids; returns the first."""
        first = self.next_id(model)
        self._next[model._meta.db_table] = first + n
        return first

    def insert(
        self,
        model: type[models.Model] | str,
        fields: Sequence[str],
        rows: Iterable[Sequence],
        *,
        timestamps: bool = True,
    ) -> int:
        """Insert ``rows`` into ``model``'s table (a model or a table name for m2m tables); returns the count.

        When ``timestamps`` and the model has ``created_at``/``updated_at``, both are set to the writer's now.
        Rows must carry their ``id`` when ``fields`` names it.
        """
        if isinstance(model, str):
            table, has_ts = model, False
        else:
            table = model._meta.db_table
            names = {f.attname for f in model._meta.concrete_fields}
            has_ts = timestamps and {"created_at", "updated_at"} <= names and "created_at" not in fields
        columns = list(fields) + (["created_at", "updated_at"] if has_ts else [])
        extra = (self.now, self.now) if has_ts else ()
        n = 0
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(tuple(row) + extra)
            if len(chunk) >= self.batch:
                self._write(table, columns, chunk)
                n += len(chunk)
                chunk = []
        if chunk:
            self._write(table, columns, chunk)
            n += len(chunk)
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def insert_dicts(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        """Insert rows given as ``{attname: value}``; fields left out take the model field's default.

        Robust against fields a module adds later: every concrete column is written.
        """
        columns, defaults = [], []
        for f in model._meta.concrete_fields:
            columns.append(f.attname)
            if f.attname in ("created_at", "updated_at"):
                defaults.append(self.now)
            elif f.has_default() or not f.null:
                defaults.append(f.get_default())
            else:
                defaults.append(None)
        pairs = list(zip(columns, defaults, strict=True))
        return self.insert(model, columns, (tuple(r.get(c, d) for c, d in pairs) for r in rows), timestamps=False)

    def _write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        qn = connection.ops.quote_name
        cols = ", ".join(qn(c) for c in columns)
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                raw = c.cursor  # psycopg 3 cursor under Django's wrapper
                with raw.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            adapt = connection.ops.adapt_datetimefield_value  # naive UTC text, as Django itself stores it
            rows = [tuple(adapt(v) if isinstance(v, dt.datetime) else v for v in row) for row in rows]
            marks = ", ".join(["%s"] * len(columns))
            with connection.cursor() as c:
                c.executemany(f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})", rows)  # noqa: S608

    def finish(self) -> None:
        """Move PostgreSQL's identity sequences past the ids given here."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as c:
            for table in self._next:
                top = f"SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}"  # noqa: S608
                c.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({top}))", [table])
