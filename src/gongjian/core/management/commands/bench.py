"""``gongjian bench``: the benchmark suite, on a throw-away database of the configured kind."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from gongjian.bench import scenarios
from gongjian.bench.harness import table


class Command(BaseCommand):
    help = (
        "Time the main pages, the API list and Excel export/import against baselines measured in the same run; "
        "print a table and write var/bench/latest.json. Uses a throw-away test database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(scenarios.SCALES), default="district")
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--output", default=None, help="JSON file (default: var/bench/latest.json)")
        parser.add_argument("--strict", action="store_true", help="exit non-zero when a ratio misses its goal")

    def handle(self, *args, scale, repeat, import_rows, output, strict=False, **options):
        if settings.PRODUCTION:
            raise CommandError("The benchmarks create and drop a database: not in production.")
        if repeat < 3:
            raise CommandError("--repeat must be at least 3.")
        out = Path(output) if output else settings.VAR_DIR / "bench" / "latest.json"
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            t0 = time.perf_counter()
            world = scenarios.seed(scale, timezone.localdate())
            self.stdout.write(f"seeded {world.items} items ({scale}) in {time.perf_counter() - t0:.1f} s")
            results = scenarios.run(world, repeat, import_rows)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(table(results))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
        self.stdout.write(f"written {out}")
        failed = [r.name for r in results if not r.ok]
        if failed:
            message = "goal not met: " + ", ".join(failed)
            if strict:
                raise CommandError(message)
            self.stdout.write(message)
