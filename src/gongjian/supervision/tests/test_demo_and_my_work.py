"""The demo part (a warnings run when light sources exist) and the "my work" sections."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongjian.core import registry
from gongjian.core.registry import LightResult
from gongjian.supervision import daily
from gongjian.supervision.models import ColourRecord, Supervision
from gongjian.testing import PASSWORD

# Deadlines and periods here are counted from today: CI also runs these at calendar edges (GONGJIAN_TEST_TODAY).
pytestmark = pytest.mark.dates


def test_demo_runs_the_warnings_when_sources_are_registered(db, monkeypatch):
    from gongjian.campaigns.models import Item

    def items(today):
        for item in Item.objects.all():
            yield LightResult(item, "2026-03", "red", "overdue", item.lead_unit_id, item.leader_id, {})

    monkeypatch.setattr(registry, "light_sources", {"item": items})
    monkeypatch.setattr(daily, "light_sources", registry.light_sources)
    from gongjian.supervision import demo

    monkeypatch.setattr(demo, "light_sources", registry.light_sources)
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert ColourRecord.objects.filter(source="item", current=True).count() == Item.objects.count()
    assert Supervision.objects.count() > 0
    assert "督办" in out.getvalue() or "supervisions" in out.getvalue()


def test_my_work_lists_supervisions_to_answer_and_to_close(world, client, source):
    source.set(world.own_item, "red")
    daily.run(timezone.localdate(), send=False)
    sup = Supervision.objects.get()
    assert client.login(username="clerk", password=PASSWORD)
    page = client.get("/my-work/").content.decode()
    assert sup.get_absolute_url() in page
    client.post(f"/supervision/{sup.pk}/reply/", {"text": "已落实"})
    client.logout()
    assert client.login(username="supervisor", password=PASSWORD)
    page = client.get("/my-work/").content.decode()
    assert sup.get_absolute_url() in page
    assert sup.reply_by == timezone.localdate() + dt.timedelta(days=7)


def test_generated_data_has_a_current_colour_per_item(db):
    from gongjian.campaigns.models import Item
    from gongjian.synth.generator import generate

    ctx = generate("district", seed=5, today=dt.date(2026, 11, 29))
    items = Item.objects.count()
    assert ctx.counts["colour_records"] == items
    assert ColourRecord.objects.filter(current=True, source="item").count() == items
    assert set(ColourRecord.objects.values_list("period", flat=True)) == {"2026-10"}
