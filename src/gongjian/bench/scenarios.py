"""The benchmark scenarios: main pages, the API list, Excel export and import, each beside a raw baseline.

``seed()`` fills an empty (test) database in bulk; every scenario then measures the platform's way of answering
and the fastest simple way of getting the same answer (raw SQL, bare openpyxl) in the same run.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gongjian.campaigns import imports as item_imports
from gongjian.campaigns.models import Campaign, Item
from gongjian.core import registry
from gongjian.core.benchmarking import Result, measure
from gongjian.core.services import Actor
from gongjian.org.choices import RoleChoices
from gongjian.org.models import Unit, User
from gongjian.synth.generator import SCALES, generate

__all__ = ["SCALES", "World", "growth", "run", "seed", "world"]

#: The goals of the scale issue: a page's server time within 3x of the raw SQL that returns the same rows, the
#: same page at city scale within 2x of district scale, Excel import within 2x of openpyxl's read-only read.
#: A page is a whole request (session, permissions, template) against bare SQL: a missed goal is reported, and
#: ``gongjian bench --strict`` turns it into a failure.
PAGE_GOAL = "<= 3"
API_GOAL = "<= 3"
GROWTH_GOAL = "<= 2"


@dataclass
class World:
    scale: str
    campaign: Campaign
    supervisor: User
    clerk: User
    item: Item
    items: int


def seed(scale: str, today: dt.date, seed: int = 2026) -> World:
    """Fill the (empty, throw-away) database with ``gongjian generate``'s data at ``scale``."""
    generate(scale, seed=seed, today=today)
    return world()


def world() -> World:
    """The accounts and objects the scenarios use, from the generated data."""
    campaign = Campaign.objects.order_by("pk").first()
    supervisor = User.objects.filter(groups__name=RoleChoices.SUPERVISOR).order_by("pk").first()
    busiest = (
        Item.objects.filter(area__campaign=campaign)
        .values("lead_unit")
        .annotate(n=Count("id"))
        .order_by("-n", "lead_unit")
        .first()
    )
    clerk = User.objects.filter(groups__name=RoleChoices.CLERK, unit=busiest["lead_unit"]).order_by("pk").first()
    item = Item.objects.filter(lead_unit=busiest["lead_unit"]).annotate(n=Count("reports")).order_by("-n", "pk").first()
    n = Item.objects.filter(area__campaign=campaign).count()
    scale = next((name for name, spec in SCALES.items() if spec.items == n), f"{n} items")
    return World(scale, campaign, supervisor, clerk, item, n)


def _raw(sql: str, params: list) -> Callable[[], object]:
    def run():
        with connection.cursor() as c:
            c.execute(sql, params)
            return c.fetchall()

    return run


def _raw_many(*queries: tuple[str, list]) -> Callable[[], object]:
    def run():
        out = []
        with connection.cursor() as c:
            for sql, params in queries:
                c.execute(sql, params)
                out.append(c.fetchall())
        return out

    return run


def _page(client: Client, url: str) -> Callable[[], object]:
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return response

    return run


def _queries(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


ITEM_PAGE_SQL = """
SELECT i.id, i.code, i.title, i.kind, a.number, a.title, l.display_name, u.name, i.start_date, i.due_date,
       i.progress, i.completed_on
FROM campaigns_item i
JOIN campaigns_area a ON a.id = i.area_id
JOIN org_user l ON l.id = i.leader_id
JOIN org_unit u ON u.id = i.lead_unit_id
WHERE a.campaign_id = %s
ORDER BY a.number, i.code
LIMIT 25
"""
ITEM_COUNT_SQL = (
    "SELECT COUNT(*) FROM campaigns_item i JOIN campaigns_area a ON a.id = i.area_id WHERE a.campaign_id = %s"
)
CO_UNITS_SQL = """
SELECT c.item_id, u.name FROM campaigns_item_co_units c JOIN org_unit u ON u.id = c.unit_id
WHERE c.item_id IN (SELECT i.id FROM campaigns_item i JOIN campaigns_area a ON a.id = i.area_id
                    WHERE a.campaign_id = %s ORDER BY a.number, i.code LIMIT 25)
"""
OVERVIEW_SQL = """
SELECT a.id, a.number, a.title, COUNT(i.id),
       SUM(CASE WHEN i.completed_on IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN i.completed_on IS NULL AND i.due_date < %s THEN 1 ELSE 0 END),
       SUM(i.progress * i.weight), SUM(i.weight)
FROM campaigns_area a LEFT JOIN campaigns_item i ON i.area_id = a.id
WHERE a.campaign_id = %s GROUP BY a.id, a.number, a.title ORDER BY a.number
"""
COMPLIANCE_SQL = """
SELECT u.name, COUNT(i.id),
       SUM(CASE WHEN r.id IS NOT NULL AND NOT r.is_late THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.is_late THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.id IS NULL THEN 1 ELSE 0 END)
FROM campaigns_item i JOIN campaigns_area a ON a.id = i.area_id JOIN org_unit u ON u.id = i.lead_unit_id
LEFT JOIN campaigns_report r ON r.item_id = i.id AND r.period_start = %s
WHERE a.campaign_id = %s AND i.start_date <= %s GROUP BY u.name
"""
DETAIL_SQLS = [
    (
        "SELECT i.*, a.title, l.display_name, u.name FROM campaigns_item i JOIN campaigns_area a ON a.id = i.area_id "
        "JOIN org_user l ON l.id = i.leader_id JOIN org_unit u ON u.id = i.lead_unit_id WHERE i.id = %s",
        "item",
    ),
    ("SELECT * FROM campaigns_report WHERE item_id = %s ORDER BY period_start DESC", "item"),
    ("SELECT * FROM campaigns_milestone WHERE item_id = %s ORDER BY planned_date", "item"),
    ("SELECT * FROM campaigns_leaderaction WHERE item_id = %s ORDER BY date DESC", "item"),
]
EXPORT_SQL = ITEM_PAGE_SQL.replace("LIMIT 25", "")

ENTERPRISE_PAGE_SQL = """
SELECT e.id, e.name, e.credit_code, e.industry_code, u.name, e.park, e.status
FROM enterprises_enterprise e LEFT JOIN org_unit u ON u.id = e.street_id
ORDER BY e.name, e.id LIMIT 25
"""
ENTERPRISE_COUNT_SQL = "SELECT COUNT(*) FROM enterprises_enterprise"
ENTERPRISE_FIGURES_SQL = """
SELECT f.enterprise_id, f.main_revenue FROM enterprises_enterprisefigure f
WHERE f.year = %s AND f.month IS NULL
  AND f.enterprise_id IN (SELECT e.id FROM enterprises_enterprise e ORDER BY e.name, e.id LIMIT 25)
"""
PROBLEM_PAGE_SQL = """
SELECT p.id, p.number, p.title, e.name, p.state, u.name, p.deadline, p.raised_at
FROM problems_problem p LEFT JOIN enterprises_enterprise e ON e.id = p.enterprise_id
LEFT JOIN org_unit u ON u.id = p.handling_unit_id
ORDER BY p.raised_at DESC LIMIT 25
"""
PROBLEM_COUNT_SQL = "SELECT COUNT(*) FROM problems_problem"
BUILDING_SQL = """
SELECT b.id, b.name, b.lettable_area, SUM(t.leased_area), SUM(x.tax_district)
FROM buildings_building b LEFT JOIN buildings_tenancy t ON t.building_id = b.id AND t.move_out IS NULL
LEFT JOIN buildings_tenancytax x ON x.tenancy_id = t.id AND x.year = %s
GROUP BY b.id, b.name, b.lettable_area
"""


def _export_baseline(campaign_id: int) -> Callable[[], object]:
    def run():
        with connection.cursor() as c:
            c.execute(EXPORT_SQL, [campaign_id])
            rows = c.fetchall()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        for r in rows:
            ws.append(list(r))
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    return run


def _import_file(campaign: Campaign, rows: int) -> bytes:
    """A valid task-list workbook of ``rows`` items, as a user would fill in the template."""
    unique_names = (
        User.objects.values("display_name").annotate(n=Count("id")).filter(n=1).values_list("display_name", flat=True)
    )
    leader = (
        User.objects.filter(groups__name=RoleChoices.LEADER, display_name__in=list(unique_names)).order_by("pk").first()
    )
    units = list(Unit.objects.exclude(parent=None).order_by("pk")[:50])
    wb = Workbook()
    ws = wb.active
    ws.title = item_imports.SHEET_NAME
    ws.append(list(item_imports.COLUMN_HEADERS))
    y = campaign.year
    for i in range(rows):
        ws.append(
            [
                1 + i % 4,
                f"{1 + i % 4}-I{i:06d}",
                "任务",
                f"导入事项{i:06d}",
                "推进重点工作",
                "按期完成",
                str(leader),
                units[i % len(units)].name,
                units[(i + 1) % len(units)].name,
                f"{y}-03-01",
                f"{y}-12-31",
                1,
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _import_run(actor: Actor, campaign: Campaign, data: bytes) -> Callable[[], object]:
    def run():
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("清单.xlsx", data)
        with transaction.atomic():
            result = item_imports.import_items(actor, campaign, upload)
            if result.errors:
                raise RuntimeError(f"benchmark import file refused: {result.errors[:3]}")
            transaction.set_rollback(True)  # measure the whole write, keep the database as it was
        return result

    return run


def _import_baseline(data: bytes) -> Callable[[], object]:
    def run():
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        n = sum(1 for _ in wb.active.iter_rows(values_only=True))
        wb.close()
        return n

    return run


def run(world: World, repeat: int, import_rows: int) -> list[Result]:
    database = connection.vendor
    today = timezone.localdate()
    cid = world.campaign.pk
    sup = Client()
    sup.force_login(world.supervisor)
    results: list[Result] = []

    def add(name, fn, baseline_name, baseline_fn, goal, *, count_queries=True, reps=None):
        queries = _queries(fn) if count_queries else None
        t = measure(fn, repeat=reps or repeat)
        b = measure(baseline_fn, repeat=reps or repeat)
        results.append(
            Result(
                name,
                world.scale,
                database,
                t.median_s,
                t.p95_s,
                queries,
                baseline_name,
                b.median_s,
                t.median_s / b.median_s if b.median_s else float("inf"),
                goal,
            )
        )

    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    add(
        "page:overview",
        _page(sup, f"/campaigns/{cid}/"),
        "raw SQL GROUP BY area",
        _raw(OVERVIEW_SQL, [today, cid]),
        PAGE_GOAL,
    )
    add(
        "page:item_list",
        _page(sup, "/campaigns/items/"),
        "raw SQL first page + count",
        _raw_many((ITEM_PAGE_SQL, [cid]), (ITEM_COUNT_SQL, [cid]), (CO_UNITS_SQL, [cid])),
        PAGE_GOAL,
    )
    add(
        "page:item_list_filtered",
        _page(sup, "/campaigns/items/?overdue=true&kind=task&q=事项"),
        "raw SQL first page + count",
        _raw_many((ITEM_PAGE_SQL, [cid]), (ITEM_COUNT_SQL, [cid])),
        PAGE_GOAL,
    )
    add(
        "page:item_detail",
        _page(sup, f"/campaigns/items/{world.item.pk}/"),
        "raw SQL item + children",
        _raw_many(*[(sql, [world.item.pk]) for sql, _ in DETAIL_SQLS]),
        PAGE_GOAL,
    )
    add(
        "page:compliance",
        _page(sup, f"/campaigns/reports/compliance/?campaign={cid}"),
        "raw SQL LEFT JOIN reports",
        _raw(COMPLIANCE_SQL, [last_month, cid, last_month]),
        PAGE_GOAL,
    )
    add(
        "page:my_work(clerk)",
        _page(_client(world.clerk), "/my-work/"),
        "raw SQL first page + count",
        _raw_many((ITEM_PAGE_SQL, [cid]), (ITEM_COUNT_SQL, [cid])),
        PAGE_GOAL,
    )
    year = today.year
    add(
        "page:enterprise_list",
        _page(sup, "/enterprises/"),
        "raw SQL first page + count + last year's revenue",
        _raw_many((ENTERPRISE_PAGE_SQL, []), (ENTERPRISE_COUNT_SQL, []), (ENTERPRISE_FIGURES_SQL, [year - 1])),
        PAGE_GOAL,
    )
    add(
        "page:problem_list",
        _page(sup, "/problems/"),
        "raw SQL first page + count",
        _raw_many((PROBLEM_PAGE_SQL, []), (PROBLEM_COUNT_SQL, [])),
        PAGE_GOAL,
    )
    add(
        "page:building_list",
        _page(sup, "/buildings/list/"),
        "raw SQL leased area and tax per building",
        _raw(BUILDING_SQL, [year]),
        PAGE_GOAL,
    )
    add(
        "api:items_list",
        _page(sup, "/api/items/"),
        "raw SQL first page + count",
        _raw_many((ITEM_PAGE_SQL.replace("LIMIT 25", "LIMIT 50"), [cid]), (ITEM_COUNT_SQL, [cid])),
        API_GOAL,
    )
    add(
        "export:items_xlsx",
        _page(sup, "/campaigns/items/?export=xlsx"),
        "raw SQL + openpyxl write-only",
        _export_baseline(cid),
        "<= 6",
        reps=max(3, repeat // 3),
    )
    if import_rows:
        data = _import_file(world.campaign, import_rows)
        actor = Actor(user=world.supervisor, source="import")
        add(
            f"import:items_xlsx_{import_rows}",
            _import_run(actor, world.campaign, data),
            "openpyxl read-only read",
            _import_baseline(data),
            "<= 2",
            count_queries=False,
            reps=3,
        )
    results += _landuse(world.scale)
    for scenario in registry.bench_scenarios:
        results.extend(scenario(world, repeat, database))
    return results


def growth(small: list[Result], large: list[Result]) -> list[Result]:
    """The same page at the larger scale against the smaller: how the time grows with the data."""
    by_name = {r.name: r for r in small}
    out = []
    for r in large:
        base = by_name.get(r.name)
        if base is None or not r.name.startswith(("page:", "api:")):
            continue
        out.append(
            Result(
                f"growth:{r.name}",
                f"{r.scale}/{base.scale}",
                r.database,
                r.median_s,
                r.p95_s,
                r.queries,
                f"same page at {base.scale} scale",
                base.median_s,
                r.median_s / base.median_s if base.median_s else float("inf"),
                GROWTH_GOAL,
            )
        )
    return out


#: enterprises in the 亩产效益 CSV → CSV scenario at each scale (``gongjian landuse bench`` runs 1M alone)
LANDUSE_ROWS = {"district": 100_000, "city": 1_000_000, "province": 1_000_000}


def _landuse(scale: str) -> list[Result]:
    from gongjian.landuse import bench as landuse_bench

    rows = LANDUSE_ROWS[scale]
    return landuse_bench.run(rows=rows, sample=min(rows, 20_000), repeat=3, log=lambda *a: None)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c
