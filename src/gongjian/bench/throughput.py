"""API throughput under a real server: gunicorn with 2 workers, 16 concurrent clients driven by wrk.

The API list endpoint and a minimal Django view (same server, same middleware, no database) are loaded in turn
for a few seconds each; the ratio of their requests per second is the figure (goal: at least half). wrk comes
from the operating system's packages (Debian: ``apt-get install wrk``); without it the scenario is left out
with a message, never faked.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from gongjian.core.benchmarking import Result

__all__ = ["NAME", "available", "run"]

NAME = "throughput:api_items_list"

LUA = Path(__file__).with_name("wrk_report.lua")


def available() -> bool:
    return shutil.which("wrk") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - 127.0.0.1 only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the benchmark server did not answer on {url}")


def _wrk(url: str, seconds: int, headers: dict[str, str]) -> tuple[float, float, float]:
    """(requests per second, median latency s, p95 latency s) of a wrk run with 16 connections."""
    cmd = ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(LUA)]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(x for x in out.splitlines() if x.startswith("GONGJIAN "))
    _, rps, p50_us, p95_us, errors = line.split()
    if int(errors):
        raise RuntimeError(f"{url}: {errors} responses were errors under load:\n{out}")
    return float(rps), float(p50_us) / 1e6, float(p95_us) / 1e6


def run(db_name: str, token: str, scale: str, database: str, seconds: int = 5) -> list[Result]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongjian.bench.server_settings",
        "GONGJIAN_BENCH_DB_NAME": db_name,
        "GONGJIAN_ENV": "development",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "gongjian.wsgi:application",
        ],
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/bench/minimal/")
        headers = {"Authorization": f"Token {token}"}
        _wrk(f"{base}/api/items/", 1, headers)  # warm both workers
        _wrk(f"{base}/bench/minimal/", 1, {})
        api_rps, api_p50, api_p95 = _wrk(f"{base}/api/items/", seconds, headers)
        min_rps, _p50, _p95 = _wrk(f"{base}/bench/minimal/", seconds, {})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return [
        Result(
            NAME,
            scale,
            database,
            api_p50,
            api_p95,
            None,
            f"minimal view {min_rps:.0f} req/s vs API {api_rps:.0f} req/s",
            1 / min_rps if min_rps else 0.0,
            api_rps / min_rps if min_rps else 0.0,
            ">= 0.5",
        )
    ]
