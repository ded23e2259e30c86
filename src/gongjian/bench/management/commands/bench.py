"""``gongjian bench``: the benchmark suite on throw-away databases filled by ``gongjian generate``."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from gongjian.bench import load, scenarios, throughput
from gongjian.core import benchmarking
from gongjian.core.benchmarking import table
from gongjian.synth.generator import SCALES


class Command(BaseCommand):
    help = (
        "Time the main pages, the API (in-process and under gunicorn with 16 clients), Excel export and import "
        "and the modules' scenarios against baselines measured in the same run, at each scale given (the pages' "
        "growth from the smallest to the largest scale too); print a table and write var/bench/latest.json. "
        "Each scale gets a throw-away database of the configured kind (SQLite, or PostgreSQL with "
        "GONGJIAN_DATABASE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scales", default="district,city", help="comma-separated, smallest first (default district,city)"
        )
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("--import-rows", type=int, default=100_000, help="rows of the Excel import (0: none)")
        parser.add_argument("--seconds", type=int, default=5, help="load duration of the throughput scenario")
        parser.add_argument("--no-throughput", action="store_true", help="leave out the gunicorn + wrk scenario")
        parser.add_argument(
            "--load-seconds", type=int, default=20, help="duration of the load scenario (nginx, 2 gunicorn, wrk)"
        )
        parser.add_argument("--load-sessions", type=int, default=100, help="concurrent sessions of the load scenario")
        parser.add_argument("--output", default=None, help="JSON file (default: var/bench/latest.json)")
        parser.add_argument("--strict", action="store_true", help="exit non-zero when a ratio misses its goal")
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated name prefixes: run only these scenarios (e.g. page:cockpit,api:cockpit)",
        )

    def handle(
        self, *args, scales, repeat, import_rows, seconds, no_throughput, output, strict=False, only="", **options
    ):
        self.load_seconds = options.get("load_seconds", 20)
        self.load_sessions = options.get("load_sessions", 100)
        if settings.PRODUCTION:
            raise CommandError("The benchmarks create and drop databases: not in production.")
        if repeat < 3:
            raise CommandError("--repeat must be at least 3.")
        names = [s.strip() for s in scales.split(",") if s.strip()]
        unknown = [s for s in names if s not in SCALES]
        if not names or unknown:
            raise CommandError(f"unknown scale(s) {unknown or scales!r}; choose from {', '.join(SCALES)}")
        out = Path(output) if output else settings.VAR_DIR / "bench" / "latest.json"
        prefixes = tuple(p.strip() for p in only.split(",") if p.strip())
        benchmarking.only(prefixes)
        # The load scenario runs at city or province scale, or at any scale when --only names it.
        load_scale = names[-1] in ("city", "province") or any(p.startswith("load:") for p in prefixes)
        use_load = load_scale and benchmarking.wanted(load.name(names[-1]))
        if use_load and not load.available():
            use_load = False
            self.stdout.write("nginx or wrk is not installed (apt-get install nginx-light wrk): no load scenario")
        use_wrk = not no_throughput and benchmarking.wanted(throughput.NAME) and throughput.available()
        if not no_throughput and benchmarking.wanted(throughput.NAME) and not use_wrk:
            self.stdout.write("wrk is not installed (apt-get install wrk): the throughput scenario is left out")
        results, per_scale = [], []
        for i, scale in enumerate(names):
            last = i == len(names) - 1
            found = self._one_scale(
                scale, repeat, import_rows if last else 0, seconds, use_wrk and last, use_load and last
            )
            per_scale.append(found)
            results.extend(found)
        if len(per_scale) > 1:
            results.extend(scenarios.growth(per_scale[0], per_scale[-1]))
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

    def _one_scale(self, scale, repeat, import_rows, seconds, with_throughput, with_load=False):
        old_name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite" and (with_throughput or with_load):
            # a file, so the throughput scenario's server processes see the same data
            path = settings.VAR_DIR / "bench" / f"bench-{scale}.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(path)
        elif connection.vendor != "sqlite":  # never the name of the test suite's database, which may be in use
            connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_bench_{scale}"
        test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            t0 = time.perf_counter()
            world = scenarios.seed(scale, timezone.localdate())
            self.stdout.write(f"generated {scale} scale ({world.items} items) in {time.perf_counter() - t0:.1f} s")
            found = scenarios.run(world, repeat, import_rows)
            if with_throughput:
                from gongjian.accounts.services import create_token
                from gongjian.core.services import Actor

                _token, secret = create_token(Actor(world.supervisor), name="bench", scope="write", days=1)
                found += throughput.run(test_name, secret, scale, connection.vendor, seconds=seconds)
            if with_load:
                found += load.run(
                    test_name,
                    world.campaign.pk,
                    scale,
                    connection.vendor,
                    seconds=self.load_seconds,
                    sessions=self.load_sessions,
                    log=self.stdout.write,
                )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        return found
