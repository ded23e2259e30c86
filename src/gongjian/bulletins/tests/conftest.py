import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings

from gongjian.supervision.models import ColourRecord

SH = ZoneInfo("Asia/Shanghai")
#: A day in April 2026: March has ended, so March's bulletin can be drafted.
APRIL = dt.datetime(2026, 4, 3, 10, tzinfo=SH)


@pytest.fixture
def april(time_machine):
    time_machine.move_to(APRIL)
    return APRIL.date()


@pytest.fixture(autouse=True)
def _no_pdf_unless_asked(request):
    """Issuing renders docx and xlsx only; tests that check the PDF ask for it with the ``with_pdf`` fixture."""
    if "with_pdf" in request.fixturenames:
        yield
        return
    with override_settings(GONGJIAN_BULLETIN_FORMATS=["docx", "xlsx"]):
        yield


@pytest.fixture
def with_pdf():
    return True


def colour(obj, colour_value, unit, campaign, *, reason="overdue", numbers=None, day=dt.date(2026, 3, 20)):
    return ColourRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj),
        source="item",
        period="2026-03",
        colour=colour_value,
        reason=reason,
        numbers=numbers if numbers is not None else {"due": "2026-03-10", "days_overdue": 10},
        judged_on=day,
        unit=unit,
        campaign=campaign,
    )


@pytest.fixture
def reds(world):
    """Two red items (the bureau's and the street's) and a yellow one, judged in March 2026."""
    return [
        colour(world.own_item, "red", world.bureau, world.campaign),
        colour(world.other_item, "red", world.street, world.campaign),
        colour(
            world.coop_item,
            "yellow",
            world.street,
            world.campaign,
            reason="behind",
            numbers={"gap": 12, "expected_percent": 40, "actual_percent": 28, "yellow_gap": 10, "red_gap": 20},
        ),
    ]
