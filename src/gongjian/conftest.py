"""Fixtures shared by every app's tests."""

import datetime as dt
import os
import zoneinfo

import pytest
import time_machine

from gongjian.core.services import Actor
from gongjian.testing import build_world

TODAY_ENV = "GONGJIAN_TEST_TODAY"


def edge_today() -> dt.datetime | None:
    """The moment GONGJIAN_TEST_TODAY names (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``, local time), or None.

    The calendar-edge runs of CI set it to the last and first day of a month, 31 December, 1 January, 29 February
    and the Sunday that ends an ISO week, so a test that only passes on the day it was written fails in CI first.
    """
    value = os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value if "T" in value else f"{value}T10:00")
    except ValueError as exc:
        raise pytest.UsageError(f"{TODAY_ENV}={value!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    return moment


@pytest.fixture(autouse=True)
def _clock_at_test_today():
    """Every test runs with the clock moved to GONGJIAN_TEST_TODAY when it is set (the clock keeps ticking)."""
    moment = edge_today()
    if moment is None:
        yield
        return
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def actor_of(world):
    def make(role: str) -> Actor:
        return Actor(user=world.user(role), ip="127.0.0.1", source="web")

    return make


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in the system's Chromium. Skips on a machine without Chromium, fails in CI."""
    import os
    import shutil
    import tempfile

    path = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if path is None:
        if os.environ.get("GONGJIAN_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (GONGJIAN_REQUIRE_BROWSER is set) but /usr/bin/chromium is missing")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    profile = tempfile.mkdtemp(prefix="gongjian-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=path,
            headless=True,
            locale="zh-CN",
            viewport={"width": 1280, "height": 900},
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        yield page
        context.close()
        # While Playwright's loop runs, the ORM keeps this test's connections apart from the usual ones: close
        # them here, or the test database could not be dropped at the end of the session.
        from django.db import connections

        connections.close_all()
    shutil.rmtree(profile, ignore_errors=True)

    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
