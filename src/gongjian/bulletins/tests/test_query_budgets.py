"""Pinned query budgets of the bulletin pages: the list, the detail and the public page ask the same number of
questions with a handful of rows as with ten times more (bulletins, stored files, items, areas, red items)."""

import copy

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongjian.bulletins import services
from gongjian.bulletins.models import Bulletin, PublicCampaign, StoredFile
from gongjian.campaigns.models import Area, Item
from gongjian.testing import PASSWORD

pytestmark = pytest.mark.django_db

#: The most queries each page may ask (session, user, permissions, the page's own questions).
LIST_BUDGET = 10
DETAIL_BUDGET = 12
PUBLIC_BUDGET = 6


def _count(client, url) -> int:
    cache.clear()  # the public page is cached: count a page built from the database
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(world, issued: Bulletin, times: int) -> None:
    """More of everything the pages show: issued public bulletins with their files, areas and items, red items."""
    common = {f: getattr(issued, f) for f in ("campaign_id", "issuer_id", "year", "month", "cutoff", "content")}
    made = Bulletin.objects.bulk_create(
        Bulletin(
            state="issued",
            title=f"通报{i}",
            number=100 + i,
            doc_number=f"攻坚督〔{issued.year}〕{100 + i}号",
            is_public=True,
            issued_at=timezone.now(),
            **common,
        )
        for i in range(times)
    )
    StoredFile.objects.bulk_create(
        StoredFile(bulletin=b, format=fmt, name=f"{b.doc_number}.{fmt}", data=b"x", size=1, sha256="0" * 64)
        for b in made
        for fmt in ("docx", "pdf")
    )
    area = Area.objects.create(campaign=world.campaign, number=90, title="扩展领域", lead_unit=world.bureau)
    proto = Item.objects.get(pk=world.own_item.pk)
    items = []
    for i in range(times * 3):
        item = copy.copy(proto)
        item.pk, item.id, item.area, item.code, item.title = None, None, area, f"90-{i}", f"扩展事项{i}"
        items.append(item)
    Item.objects.bulk_create(items)
    content = copy.deepcopy(issued.content)
    for key, value in content.items():
        if isinstance(value, list) and value:
            content[key] = value * times  # ten times the rows in every table of the bulletin
    Bulletin.objects.filter(pk=issued.pk).update(content=content)


def test_the_bulletin_pages_keep_their_query_budget_as_the_data_grows(world, reds, april, actor_of):
    sup = actor_of("supervisor")
    b = services.draft_bulletin(sup, world.campaign, 2026, 3)
    issued = services.issue_bulletin(actor_of("leader"), services.submit_bulletin(sup, b))
    Bulletin.objects.filter(pk=issued.pk).update(is_public=True)
    PublicCampaign.objects.create(campaign=world.campaign)
    leader = Client()
    assert leader.login(username=world.user("leader").username, password=PASSWORD)
    anonymous = Client()
    urls = {
        "list": (leader, "/bulletins/", LIST_BUDGET),
        "detail": (leader, f"/bulletins/{issued.pk}/", DETAIL_BUDGET),
        "public": (anonymous, "/public/", PUBLIC_BUDGET),
    }
    for client, url, _budget in urls.values():
        _count(client, url)  # warm the caches of content types and sessions
    small = {name: _count(client, url) for name, (client, url, _budget) in urls.items()}
    _grow(world, issued, 10)
    large = {name: _count(client, url) for name, (client, url, _budget) in urls.items()}
    assert large == small, f"{small} with a few rows, {large} with ten times more"
    for name, (_client, _url, budget) in urls.items():
        assert large[name] <= budget, f"{name}: {large[name]} queries, budget {budget}"
    page = leader.get("/bulletins/").content.decode()
    assert "攻坚督〔2026〕109号" in page  # the rows added are on the page
    public = anonymous.get("/public/?lang=zh-hans").content.decode()
    assert "扩展事项29" in public and "攻坚督〔2026〕109号" in public
