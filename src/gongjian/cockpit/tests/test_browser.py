"""In a real browser: a leader opens the cockpit, its charts are drawn from files the app serves itself, and a
click on a red segment opens the list behind it with as many rows as the segment counts."""

import datetime as dt
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from gongjian.testing import PASSWORD, build_world

from .support import colour

pytestmark = [pytest.mark.browser, pytest.mark.dates, pytest.mark.django_db(transaction=True)]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.mark.parametrize(("width", "language"), [(1280, "zh-hans"), (390, "en")])
def test_leader_drills_down_from_a_red_segment(browser_page, time_machine, width, language):
    time_machine.move_to(dt.datetime(2026, 4, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    world = build_world()
    colour(world.own_item, "red", dt.date(2026, 2, 20))
    colour(world.coop_item, "green", dt.date(2026, 2, 20))
    colour(world.own_item, "red", dt.date(2026, 3, 20))
    colour(world.coop_item, "red", dt.date(2026, 3, 20))
    colour(world.other_item, "yellow", dt.date(2026, 3, 20))

    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss") and urlsplit(r.url).hostname not in LOCAL_HOSTS
            else None
        ),
    )
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])

    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    expect(page).to_have_url(re.compile(r"/cockpit/$"))  # a leader lands on the cockpit
    title = "红灯 2 项，比上月增加 1 项" if language == "zh-hans" else "Red: 2 items, 1 more than last month"
    expect(page.locator("#widget-areas-title")).to_have_text(title)
    for key in ("areas", "trend", "kinds", "ranking"):
        expect(page.locator(f'.chart[data-widget="{key}"] canvas').first).to_be_visible()
    expect(page.locator('.chart[data-widget="areas"]')).to_have_attribute("data-ready", "1")

    # The red segment of the first area: series 0 is red, stacked from 0 to its value; click its middle.
    page.locator('.chart[data-widget="areas"]').scroll_into_view_if_needed()
    point = page.evaluate(
        """() => {
            const el = document.querySelector('.chart[data-widget="areas"]');
            const chart = echarts.getInstanceByDom(el);
            const red = chart.getOption().series[0];
            const value = red.data[0].value;
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [0, value / 2]);
            const box = el.getBoundingClientRect();
            return {x: box.left + x, y: box.top + y, value: value, colour: red.itemStyle.color};
        }"""
    )
    assert point["value"] == 2 and point["colour"] == "#dc3545"
    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(re.compile(r"/supervision/colours/\?.*colour=red"))
    rows = page.locator("#object-table tbody tr")
    expect(rows).to_have_count(point["value"])
    expect(page.locator("#object-table tbody")).to_contain_text(str(world.own_item))
    assert errors == []
    assert outside == []
