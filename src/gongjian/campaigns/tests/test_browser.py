"""In a real browser: a supervisor creates an item, the unit's clerk reports on it, the supervisor accepts."""

import re

import pytest
from playwright.sync_api import expect

from gongjian.campaigns.models import Item, Report
from gongjian.testing import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#user-menu")).to_be_visible()


def logout(page):
    page.click("#user-menu")
    page.click("#logout")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_create_item_report_and_accept(browser_page):
    page = browser_page
    world = build_world()

    login(page, "supervisor")
    page.goto(page.base_url + "/campaigns/items/add/")
    page.select_option("select[name=area]", str(world.area.pk))
    page.select_option("select[name=kind]", "major_project")
    page.fill("input[name=title]", "年产5万吨功能纤维技改项目")
    page.select_option("select[name=leader]", str(world.user("leader").pk))
    page.select_option("select[name=lead_unit]", str(world.bureau.pk))
    page.fill("input[name=start_date]", "2026-03-20")
    page.fill("input[name=due_date]", "2026-12-31")
    page.click("#save")
    expect(page.locator("#item-title")).to_contain_text("年产5万吨功能纤维技改项目")
    item = Item.objects.get(title="年产5万吨功能纤维技改项目")
    assert item.code == "2-04"
    logout(page)

    login(page, "clerk")
    page.goto(page.base_url + f"/campaigns/items/{item.pk}/")
    page.click("#report-progress")
    page.select_option("select[name=period_start]", "2026-03-01")
    page.fill("input[name=percent]", "15")
    page.fill("textarea[name=narrative]", "完成项目备案和设备选型")
    page.click("#submit-report")
    expect(page.locator("#reports")).to_contain_text("完成项目备案和设备选型")
    assert Report.objects.get(item=item).percent == 15
    logout(page)

    login(page, "supervisor")
    page.goto(page.base_url + "/my-work/")
    page.get_by_text("年产5万吨功能纤维技改项目").first.click()
    page.click("#accept-report")
    expect(page.locator(".alert-success")).to_be_visible()
    item.refresh_from_db()
    assert item.progress == 15
    page.goto(page.base_url + f"/campaigns/items/{item.pk}/")
    expect(page.locator(".progress-bar").first).to_have_attribute("style", re.compile("15%"))
    page.screenshot(
        path=str(__import__("pathlib").Path(__import__("tempfile").gettempdir()) / "gongjian-item.png"), full_page=True
    )
