"""Time the daily warnings run at district-and-more scale: 100,000 items and 10,000 indicators.

    GONGJIAN_VAR_DIR=/tmp/bench python -m gongjian.supervision.benchmark [--items 100000] [--indicators 10000]
    GONGJIAN_DATABASE_URL=postgres://… python -m gongjian.supervision.benchmark     # on a throw-away database

Not a test. It migrates the database it is given (use an empty, throw-away one), creates units and one clerk per
unit, and registers a synthetic light source that yields a LightResult for every item and indicator — unsaved
objects identified by their primary key (``campaigns.Item`` for items, ``campaigns.Milestone`` standing in for
indicators, whose model is another module's). Then it times three runs of ``supervision.daily.run``:

1. the first day: every colour is new (the worst case: 110,000 records, ~10 % red → 督办 notices);
2. the same day again: nothing may change (idempotency);
3. the next month: every period changes, and about 10 % of the colours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--indicators", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=200)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)

    from django.contrib.auth.models import Group

    from gongjian.campaigns.models import Item, Milestone
    from gongjian.core import registry
    from gongjian.org.choices import RoleChoices
    from gongjian.org.models import Unit, User
    from gongjian.supervision import daily
    from gongjian.supervision.models import ColourRecord

    if Unit.objects.filter(code__startswith="BENCH-").exists():
        raise SystemExit("this database already holds benchmark data: use an empty, throw-away database")
    units = Unit.objects.bulk_create(
        [Unit(name=f"基准单位{i:04d}", code=f"BENCH-{i:04d}", path="") for i in range(args.units)]
    )
    for u in units:
        u.path = f"/{u.pk}/"
    Unit.objects.bulk_update(units, ["path"])
    clerks = User.objects.bulk_create(
        [User(username=f"bench-clerk-{u.pk}", unit=u, email=f"clerk{u.pk}@example.gov.cn") for u in units]
    )
    Group.objects.get(name=RoleChoices.CLERK).user_set.add(*clerks)
    leader = User.objects.create(username="bench-leader")
    unit_ids = [u.pk for u in units]

    rng = random.Random(1)  # noqa: S311 - test data
    palette = ["green"] * 70 + ["blue"] * 5 + ["yellow"] * 15 + ["red"] * 10
    objects = [
        Item(pk=i + 1, code=f"B-{i:06d}", title="基准事项", lead_unit_id=rng.choice(unit_ids))
        for i in range(args.items)
    ]
    indicators = [Milestone(pk=i + 1, title=f"基准指标{i:05d}") for i in range(args.indicators)]
    state = {
        "period": "2026-03",
        "colours": [rng.choice(palette) for _ in range(args.items + args.indicators)],
        "units": [o.lead_unit_id for o in objects] + [rng.choice(unit_ids) for _ in indicators],
    }

    def source(today):
        LightResult = registry.LightResult
        colours, unit_of, period = state["colours"], state["units"], state["period"]
        for n, obj in enumerate(objects):
            yield LightResult(obj, period, colours[n], "behind", unit_of[n], leader.pk, {"gap": 12})
        base = len(objects)
        for n, obj in enumerate(indicators):
            yield LightResult(obj, period, colours[base + n], "below_plan", unit_of[base + n], leader.pk, None)

    registry.light_sources.clear()
    registry.register_light_source("bench", source)

    def timed(label, day):
        t0 = time.perf_counter()
        summary = daily.run(day)
        seconds = time.perf_counter() - t0
        parts = ", ".join(f"{k} {v:.2f}" for k, v in summary.as_dict()["seconds"].items())
        print(
            f"{label}: {seconds:.1f} s — {summary.colours_new} new colours, {summary.colours_unchanged} unchanged, "
            f"{summary.supervisions} 督办, {summary.notifications} notifications, {summary.sent} sent ({parts})"
        )
        return seconds

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{args.items} items + {args.indicators} indicators, {args.units} units, database {engine}")
    timed("first day (all new)", dt.date(2026, 4, 10))
    timed("same day again", dt.date(2026, 4, 10))
    state["period"] = "2026-04"
    state["colours"] = [c if rng.random() > 0.1 else rng.choice(palette) for c in state["colours"]]
    timed("next month (periods change)", dt.date(2026, 5, 10))
    print(f"colour records stored: {ColourRecord.objects.count()}")


if __name__ == "__main__":
    main()
