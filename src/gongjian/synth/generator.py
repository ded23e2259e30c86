"""``gongjian generate``: consistent synthetic data at district, city and province scale.

The generator is a list of parts run in order; each part fills its module's tables in bulk (``BulkWriter``:
COPY on PostgreSQL) and leaves what later parts need in ``Context.shared`` (unit ids by kind, users by role,
the campaign, items). A module adds its part with ``core.registry.register_synth_part`` from its AppConfig.ready()
(the generator sits at the top of the house; no module imports it); a module that is not installed simply has
no part, and its counts of the scale are skipped.

Generated rows obey the models' validation rules (unique names and codes, due after start, derived item fields
consistent with the reports and milestones, valid credit codes where a module needs them) so every page and
import works on them as on real data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import connection, transaction

from gongjian.core.registry import register_synth_part, synth_parts

from .bulk import BulkWriter

__all__ = ["SCALES", "Context", "GenerateError", "Scale", "generate", "is_empty", "parts", "register_part"]


@dataclass(frozen=True)
class Scale:
    name: str
    units: int
    items: int
    enterprises: int
    buildings: int
    problems: int
    reports_per_item: int  # monthly reports over the year (fewer for items that start late or early in a year)
    figure_years: int  # years of enterprise figures


SCALES = {
    "district": Scale("district", 20, 60, 300, 30, 500, 12, 2),
    "city": Scale("city", 200, 2_000, 20_000, 500, 10_000, 12, 2),
    "province": Scale("province", 2_000, 50_000, 300_000, 5_000, 200_000, 12, 2),
}


class GenerateError(Exception):
    """A refusal with a message for the user (non-empty database, production)."""


@dataclass
class Context:
    scale: Scale
    seed: int
    today: dt.date
    rng: random.Random
    writer: BulkWriter
    shared: dict = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


#: The modules' parts in registration order (INSTALLED_APPS order); ``register_part`` is the registry's function.
parts = synth_parts
register_part = register_synth_part


def is_empty() -> bool:
    from gongjian.campaigns.models import Campaign
    from gongjian.org.models import Unit, User

    return not (Unit.objects.exists() or User.objects.exists() or Campaign.objects.exists())


def generate(scale: str, *, seed: int = 2026, today: dt.date | None = None, append: bool = False) -> Context:
    """Fill the database with ``scale``'s data in one transaction; returns the context with the counts."""
    from django.conf import settings
    from django.utils import timezone

    if settings.PRODUCTION:
        raise GenerateError("generate refuses to run in production (GONGJIAN_ENV=production).")
    if scale not in SCALES:
        raise GenerateError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if not append and not is_empty():
        raise GenerateError(
            "The database is not empty (units, accounts or campaigns exist). Use an empty database, "
            "or --append to add generated data beside what is there."
        )
    ctx = Context(
        scale=SCALES[scale],
        seed=seed,
        today=today or timezone.localdate(),
        rng=random.Random(seed),  # noqa: S311 - reproducible synthetic data, not security
        writer=BulkWriter(),
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("SET CONSTRAINTS ALL DEFERRED")
        for part in parts:
            part.run(ctx)
        ctx.writer.finish()
        _audit(ctx)
    return ctx


def _audit(ctx: Context) -> None:
    from gongjian.core.models import AuditLog
    from gongjian.core.services import Actor, record

    record(
        Actor(user=None, source=AuditLog.Source.COMMAND),
        "data.generate",
        after={"scale": ctx.scale.name, "seed": ctx.seed, "today": ctx.today.isoformat(), **ctx.counts},
    )
