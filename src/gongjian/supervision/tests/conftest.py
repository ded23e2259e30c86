"""Fixtures: a fake "item" light source whose colours the test sets, and a day to run on."""

from __future__ import annotations

import datetime as dt

import pytest

from gongjian.core import registry
from gongjian.core.registry import LightResult


class FakeSource:
    """Colours by item: ``source.set(item, colour, period)``; every other item of the world is green."""

    def __init__(self, items):
        self.items = list(items)
        self.colours = {}
        self.calls = 0

    def set(self, item, colour, period="2026-03", reason="behind"):
        self.colours[item.pk] = (colour, period, reason)

    def __call__(self, today: dt.date):
        self.calls += 1
        for item in self.items:
            colour, period, reason = self.colours.get(item.pk, ("green", "2026-03", "on_schedule"))
            yield LightResult(item, period, colour, reason, item.lead_unit_id, item.leader_id, {"gap": 5})


@pytest.fixture
def source(world, monkeypatch):
    """Only the fake source is registered during the test (whatever other modules registered)."""
    fake = FakeSource([world.own_item, world.coop_item, world.other_item])
    monkeypatch.setattr(registry, "light_sources", {})
    from gongjian.supervision import daily

    monkeypatch.setattr(daily, "light_sources", registry.light_sources)
    registry.register_light_source("item", fake)
    return fake


DAY = dt.date(2026, 4, 10)


class LocalServer:
    """A local HTTP server on a free port of 127.0.0.1, serving ``handler`` in a thread until :meth:`close`."""

    path = ""

    def __init__(self, handler):
        import http.server
        import threading

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class RobotServer(LocalServer):
    """A local HTTP server standing in for the WeCom / DingTalk robot: records every request, answers ``reply``."""

    def __init__(self):
        import http.server
        import json

        self.requests = []
        self.status = 200
        self.reply = {"errcode": 0, "errmsg": "ok"}
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                outer.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": json.loads(self.rfile.read(length))}
                )
                body = json.dumps(outer.reply).encode()
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(Handler)


@pytest.fixture
def robot_server():
    server = RobotServer()
    yield server
    server.close()
