"""Fixtures shared by every app's tests."""

import copy
import dataclasses
import datetime as dt
import os
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from gongjian.core.services import Actor
from gongjian.testing import WORLD_TODAY, build_world

TODAY_ENV = "GONGJIAN_TEST_TODAY"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


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
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment


@pytest.fixture(autouse=True, scope="session")
def _clock_at_test_today():
    """The whole run, fixtures of every scope included, has its clock moved to GONGJIAN_TEST_TODAY when it is set
    (the clock keeps ticking). A test that moves the clock itself (``time_machine``, ``world_today``) wins."""
    moment = edge_today()
    if moment is None:
        yield
        return
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: a page cached, a rate counted or a lockout counted by an earlier test
    does not leak into the next, and the local-memory cache never fills up and culls entries at random mid-test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world_today(time_machine) -> dt.date:
    """Freeze the clock (ticking) at :data:`WORLD_TODAY` for this test and the code it calls; return that date."""
    time_machine.move_to(WORLD_TODAY)
    return WORLD_TODAY.date()


@pytest.fixture
def world(db):
    return build_world()


@dataclasses.dataclass(frozen=True)
class LoadedDemo:
    output: str  # what ``load_demo`` printed
    loaded_on: dt.date  # the local date it was loaded (the calendar-edge runs move it)


DEMO_FIXTURE = "demo_loaded"


class _DemoTransaction:
    """The transaction that holds the loaded demo: opened by the first test that needs the demo, rolled back right
    after the last one (``pytest_runtest_teardown`` below), before the transactional tests, which need the
    connection outside any transaction."""

    def __init__(self):
        self.atomic = None
        self.blocker = None
        self.loaded: LoadedDemo | None = None

    def open(self, blocker) -> LoadedDemo:
        if self.loaded is None:
            self.blocker = blocker
            with blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                try:
                    loaded_on = timezone.localdate()
                    out = StringIO()
                    with translation.override(settings.LANGUAGE_CODE):  # the command as run from a shell
                        call_command("load_demo", stdout=out)
                except BaseException:
                    self.close()
                    raise
                self.loaded = LoadedDemo(output=out.getvalue(), loaded_on=loaded_on)
        return self.loaded

    def close(self) -> None:
        if self.atomic is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.loaded = None


_DEMO = _DemoTransaction()


@pytest.fixture(scope="session")
def demo_loaded(django_db_setup, django_db_blocker) -> LoadedDemo:
    """The demo, loaded once per run for the read-only demo checks of every app, and rolled back after them.

    Loading it takes a good part of a minute (twice that on PostgreSQL); each app used to load it for its own
    module. The tests that use it run together at the end of the database tests (``pytest_collection_modifyitems``
    below), so no other test ever sees its rows; each of them still runs in its own rolled-back transaction
    (``db``), so what one changes the next does not see.
    """
    yield _DEMO.open(django_db_blocker)
    _DEMO.close()


@pytest.fixture
def demo(demo_loaded, db) -> LoadedDemo:
    return demo_loaded


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """The tests on the loaded demo run after all the other database tests, in their usual order (see
    ``demo_loaded``). This runs before pytest-django's own ordering, whose stable sort then keeps them at the end of
    the database tests and before the transactional ones: those empty the tables, reference data included."""
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        # Tests of PostgreSQL's own behaviour (marker ``postgresql``) belong to the PostgreSQL suite only.
        elsewhere = [item for item in items if item.get_closest_marker("postgresql")]
        if elsewhere:
            config.hook.pytest_deselected(items=elsewhere)
            items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
    on_demo = [item for item in items if DEMO_FIXTURE in getattr(item, "fixturenames", ())]
    if on_demo:
        rest = [item for item in items if DEMO_FIXTURE not in getattr(item, "fixturenames", ())]
        items[:] = rest + on_demo


@pytest.fixture(scope="module")
def matrix_data(django_db_setup, django_db_blocker):
    """The permission matrix's world and every module's objects, built once for all the cases of a test module
    and rolled back after them (as Django's ``setUpTestData`` does): building them took most of each case's time,
    and the matrix has thousands of cases."""
    from gongjian.core.tests.test_permission_matrix import _objects

    with django_db_blocker.unblock():
        with transaction.atomic():
            world = build_world()
            yield world, _objects(world)
            transaction.set_rollback(True)


@pytest.fixture
def matrix_case(matrix_data, db):
    """One matrix case's ``(world, objects)``: a copy, so nothing a case changes in memory reaches the next one; the
    case runs in its own transaction, rolled back after it, so nothing it writes does either."""
    return copy.deepcopy(matrix_data)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test on the loaded demo (its own fixtures torn down), the demo is rolled back."""
    yield
    if DEMO_FIXTURE in getattr(item, "fixturenames", ()) and (
        nextitem is None or DEMO_FIXTURE not in getattr(nextitem, "fixturenames", ())
    ):
        _DEMO.close()


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
