"""The benchmark scenarios: main pages, the API list, Excel export and import, each beside a raw baseline.

``seed()`` fills an empty (test) database in bulk; every scenario then measures the platform's way of answering
and the fastest simple way of getting the same answer (raw SQL, bare openpyxl) in the same run.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gongjian.campaigns import imports as item_imports
from gongjian.campaigns.models import Area, Campaign, Item, Milestone, Report
from gongjian.core.services import Actor
from gongjian.org.choices import RoleChoices
from gongjian.org.models import Unit, User

from .harness import Result, measure

__all__ = ["SCALES", "World", "run", "seed"]

#: Pages and the API are whole requests (middleware, permissions, templates) against bare SQL of the same rows:
#: their ratio is large by nature; the bound catches what would multiply it (a query per row, a missing index).
PAGE_GOAL = "<= 150"
API_GOAL = "<= 100"

#: items in the campaign at each scale (units grow with it).
SCALES = {"small": 300, "district": 2_000, "city": 20_000}


@dataclass
class World:
    scale: str
    campaign: Campaign
    supervisor: User
    clerk: User
    item: Item
    items: int


def _bulk_units(n: int) -> list[Unit]:
    root = Unit.objects.create(name="基准区人民政府", short_name="区政府", code="B-GOV", kind="government")
    root.path = f"/{root.pk}/"
    root.save(update_fields=["path"])
    units = Unit.objects.bulk_create(
        [Unit(name=f"基准单位{i:04d}", short_name=f"单位{i:04d}", code=f"B-{i:04d}", parent=root) for i in range(n)]
    )
    for u in units:
        u.path = f"{root.path}{u.pk}/"
    Unit.objects.bulk_update(units, ["path"], batch_size=1000)
    return units


def seed(scale: str, today: dt.date) -> World:
    """A campaign of ``SCALES[scale]`` items over the year so far, with milestones and monthly reports."""
    rng = random.Random(2026)  # noqa: S311 - reproducible synthetic data, not security
    n_items = SCALES[scale]
    units = _bulk_units(max(20, n_items // 30))
    groups = {g.name: g for g in Group.objects.all()}
    leaders = []
    for i in range(8):
        u = User.objects.create(username=f"b_leader{i}", display_name=f"领导{i}", unit=units[0])
        u.groups.add(groups[RoleChoices.LEADER])
        leaders.append(u)
    supervisor = User.objects.create(username="b_supervisor", display_name="督查室", unit=units[0])
    supervisor.groups.add(groups[RoleChoices.SUPERVISOR])
    clerk = User.objects.create(username="b_clerk", display_name="经办人", unit=units[1])
    clerk.groups.add(groups[RoleChoices.CLERK])
    year = today.year
    campaign = Campaign.objects.create(
        name=f"{year}年基准攻坚年", year=year, start_date=dt.date(year, 1, 1), end_date=dt.date(year, 12, 31)
    )
    areas = [
        Area.objects.create(campaign=campaign, number=i + 1, title=f"攻坚领域{i + 1}", leader=leaders[i])
        for i in range(4)
    ]
    items = []
    for i in range(n_items):
        start = dt.date(year, rng.randint(1, 4), 1)
        due = dt.date(year, rng.randint(6, 12), 28)
        items.append(
            Item(
                area=areas[i % 4],
                code=f"{i % 4 + 1}-{i:05d}",
                kind=rng.choice(["task", "key_work", "major_project", "matter"]),
                title=f"基准事项{i:05d} 推进重点项目建设",
                leader=leaders[i % 8],
                lead_unit=units[i % len(units)],
                start_date=start,
                due_date=due,
                weight=rng.choice([1, 1, 2, 3]),
                progress=rng.randint(0, 90),
            )
        )
    items = Item.objects.bulk_create(items, batch_size=2000)
    through = Item.co_units.through
    through.objects.bulk_create(
        [through(item_id=it.pk, unit_id=units[(k * 7 + 3) % len(units)].pk) for k, it in enumerate(items)],
        batch_size=5000,
    )
    Milestone.objects.bulk_create(
        [
            Milestone(item=it, title=f"节点{j}", planned_date=dt.date(year, 3 + 3 * j, 15))
            for it in items
            for j in range(2)
        ],
        batch_size=5000,
    )
    now = timezone.now()
    reports = []
    for it in items:
        month = it.start_date.month
        while dt.date(year, month, 1) < today.replace(day=1) and month <= 12:
            if rng.random() < 0.88:
                reports.append(
                    Report(
                        item=it,
                        period_start=dt.date(year, month, 1),
                        percent=min(100, 8 * (month - it.start_date.month + 1)),
                        narrative="按计划推进",
                        status=rng.choice(["accepted", "accepted", "accepted", "submitted", "returned"]),
                        submitted_by=clerk,
                        submitted_at=now,
                        first_submitted_at=now,
                        is_late=rng.random() < 0.15,
                    )
                )
            month += 1
        if len(reports) > 20_000:
            Report.objects.bulk_create(reports, batch_size=5000)
            reports = []
    Report.objects.bulk_create(reports, batch_size=5000)
    for it in items[:200]:
        last = it.reports.order_by("-period_start").values_list("period_start", flat=True).first()
        Item.objects.filter(pk=it.pk).update(last_report_period=last)
    own = Item.objects.filter(lead_unit=units[1]).first()
    return World(scale, campaign, supervisor, clerk, own, n_items)


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
    leader = User.objects.filter(groups__name=RoleChoices.LEADER).order_by("pk").first()
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
    data = _import_file(world.campaign, import_rows)
    actor = Actor(user=world.supervisor, source="import")
    add(
        f"import:items_xlsx_{import_rows}",
        _import_run(actor, world.campaign, data),
        "openpyxl read-only read",
        _import_baseline(data),
        "<= 8",
        count_queries=False,
        reps=3,
    )
    results += _landuse(world.scale)
    return results


#: enterprises in the 亩产效益 CSV → CSV scenario at each scale (``gongjian landuse bench`` runs 1M alone)
LANDUSE_ROWS = {"small": 20_000, "district": 100_000, "city": 1_000_000}


def _landuse(scale: str) -> list[Result]:
    from gongjian.landuse import bench as landuse_bench

    rows = LANDUSE_ROWS[scale]
    return landuse_bench.run(rows=rows, sample=min(rows, 20_000), repeat=3, log=lambda *a: None)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c
