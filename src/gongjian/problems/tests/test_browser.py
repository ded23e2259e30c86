"""In a real browser: a cadre raises a problem, the 督查 office assigns it, the unit handles it, the office
verifies and closes it out; the timeline shows every step."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongjian.enterprises.testing import make_enterprise
from gongjian.problems.models import Problem
from gongjian.problems.testing import category
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


def test_raise_assign_handle_verify_close(browser_page):
    page = browser_page
    world = build_world()
    ent = make_enterprise(world, name="德城纺织有限公司")
    cat = category("factors")

    login(page, "cadre")
    page.goto(page.base_url + f"/problems/add/?enterprise={ent.pk}")
    page.fill("input[name=title]", "新上生产线用电增容")
    page.fill("textarea[name=description]", "需增容至2000千伏安")
    page.select_option("select[name=source]", "visit")
    page.select_option("select[name=category]", str(cat.pk))
    page.click("#save")
    expect(page.locator("#problem-title")).to_contain_text("新上生产线用电增容")
    problem = Problem.objects.get(title="新上生产线用电增容")
    logout(page)

    login(page, "supervisor")
    page.goto(page.base_url + problem.get_absolute_url())
    page.select_option("select[name=assign-unit]", str(world.bureau.pk))
    page.fill("input[name=assign-deadline]", (timezone.localdate() + dt.timedelta(days=15)).isoformat())
    page.click("#submit-assign")
    expect(page.locator("#problem-state")).to_contain_text("已交办")
    logout(page)

    login(page, "clerk")
    page.goto(page.base_url + "/my-work/")
    page.get_by_text("新上生产线用电增容").first.click()
    page.click("#submit-start")
    expect(page.locator("#problem-state")).to_contain_text("办理中")
    page.fill("textarea[name=apply-text]", "已协调供电公司完成增容")
    page.click("#submit-apply")
    expect(page.locator("#problem-state")).to_contain_text("办结申请")
    logout(page)

    login(page, "supervisor")
    page.goto(page.base_url + problem.get_absolute_url())
    page.click("#submit-verify")
    expect(page.locator("#problem-state")).to_contain_text("已核实")
    page.click("#submit-close")
    expect(page.locator("#problem-state")).to_contain_text("已销号")
    expect(page.locator("#timeline")).to_contain_text("提交了办结申请")
    problem.refresh_from_db()
    assert problem.state == "closed" and problem.version == 6
