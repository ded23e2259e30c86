"""The public page: anonymous, opted-in campaigns only, statuses equal to the database's, no confidential figure,
no person's name unless the campaign allows it, cached, rate-limited, Chinese and English."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from gongjian.bulletins import services
from gongjian.bulletins.models import PublicCampaign
from gongjian.bulletins.public import item_status
from gongjian.campaigns.models import Item
from gongjian.enterprises.models import EnterpriseFigure
from gongjian.enterprises.testing import make_enterprise
from gongjian.supervision.models import ColourRecord

pytestmark = pytest.mark.django_db

ROW = re.compile(r'data-item="([^"]+)" data-status="([^"]*)" data-colour="([^"]*)"')


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(world, reds):
    Item.objects.filter(pk=world.own_item.pk).update(progress=40)
    Item.objects.filter(pk=world.coop_item.pk).update(progress=100, completed_on=dt.date(2026, 3, 15))
    return PublicCampaign.objects.create(campaign=world.campaign)


@pytest.fixture
def figures(world):
    ent = make_enterprise(world, name="德城精密机械有限公司")
    return EnterpriseFigure.objects.create(
        enterprise=ent,
        year=2026,
        main_revenue=Decimal("98765.4321"),
        operating_revenue=Decimal("87654.3219"),
        tax_district=Decimal("1234.5678"),
        tax_total=Decimal("2345.6781"),
        employees=4321,
        energy_tce=Decimal("5678.9012"),
    )


def test_the_page_shows_every_item_with_the_database_status(world, published):
    response = Client().get("/public/")
    assert response.status_code == 200
    shown = {code: (status, colour) for code, status, colour in ROW.findall(response.content.decode())}
    items = Item.objects.filter(area__campaign=world.campaign)
    assert set(shown) == set(items.values_list("code", flat=True))
    today = timezone.localdate()
    current = {c.object_id: c.colour for c in ColourRecord.objects.filter(current=True)}
    for item in items:
        expected = item_status(item.completed_on, item.due_date, item.progress, today)
        assert shown[item.code] == (expected, current.get(item.pk, "")), item.code
    assert shown[world.coop_item.code][0] == "done" and shown[world.own_item.code][1] == "red"


def test_no_confidential_figure_and_no_name_reaches_the_page(world, published, figures):
    html = Client().get("/public/").content.decode()
    for field in ("main_revenue", "operating_revenue", "tax_district", "tax_total", "employees", "energy_tce"):
        value = getattr(figures, field)
        for text in {str(value), format(Decimal(value).normalize(), "f"), f"{Decimal(value):,.2f}"}:
            assert text not in html, field
    for name in (figures.enterprise.legal_representative, figures.enterprise.contact_name, figures.enterprise.name):
        assert name not in html
    for user in world.users.values():
        assert user.username not in html.replace("/public/", "")
        if user.display_name:
            assert user.display_name not in html


def test_leaders_names_only_when_the_campaign_publishes_them(world, published):
    PublicCampaign.objects.filter(pk=published.pk).update(show_names=True)
    html = Client().get("/public/").content.decode()
    assert world.user("leader").display_name in html


def test_a_campaign_that_did_not_opt_in_is_not_shown(world, reds):
    html = Client().get("/public/").content.decode()
    assert world.own_item.title not in html and world.campaign.name not in html


def test_only_issued_public_bulletins_are_listed_and_downloadable(world, published, april, actor_of):
    sup = actor_of("supervisor")
    public = services.draft_bulletin(sup, world.campaign, 2026, 2)
    public = services.edit_bulletin(sup, public, {"is_public": True})
    public = services.issue_bulletin(actor_of("leader"), services.submit_bulletin(sup, public))
    internal = services.issue_bulletin(
        actor_of("leader"), services.submit_bulletin(sup, services.draft_bulletin(sup, world.campaign, 2026, 3))
    )
    draft = services.edit_bulletin(sup, services.draft_bulletin(sup, world.campaign, 2026, 1), {"is_public": True})
    html = Client().get("/public/").content.decode()
    assert public.doc_number in html
    assert internal.doc_number not in html and draft.title not in html
    response = Client().get(f"/public/bulletins/{public.pk}/docx/")
    assert response.status_code == 200 and response.content == bytes(public.files.get(format="docx").data)
    assert Client().get(f"/public/bulletins/{internal.pk}/docx/").status_code == 404
    assert Client().get(f"/public/bulletins/{draft.pk}/docx/").status_code == 404


def test_chinese_and_english(world, published):
    zh = Client().get("/public/?lang=zh-hans").content.decode()
    en = Client().get("/public/?lang=en").content.decode()
    assert "攻坚" in zh and "Lead unit" in en and "Lead unit" not in zh


def test_the_page_is_cached(world, published):
    client = Client()
    first = client.get("/public/").content
    Item.objects.filter(pk=world.own_item.pk).update(title="改过的标题")
    assert client.get("/public/").content == first
    cache.clear()
    assert "改过的标题" in client.get("/public/").content.decode()


def test_requests_per_address_are_limited(world, published, settings):
    settings.GONGJIAN_PUBLIC_RATE = 3
    client = Client(REMOTE_ADDR="10.1.2.3")
    codes = [client.get("/public/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="10.1.2.4").get("/public/").status_code == 200
