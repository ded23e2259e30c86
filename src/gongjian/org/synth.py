"""The generator's org part: a tree of governments, bureaus, streets and parks, and accounts of every role.

At district scale the district government is the root; at city and province scale the root is the city or
province government with one district government per twenty units below it. Every account gets the demo
password (``Gongjian-2026``) with one hash for all: the generator refuses production.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from gongjian.core import synthetic_names as names

from .choices import RoleChoices, UnitKind
from .models import Unit, User

if TYPE_CHECKING:
    from gongjian.synth.generator import Context

PASSWORD = "Gongjian-2026"  # noqa: S105 - the published demo password; generate refuses production
UNITS_PER_REGION = 20


def _region_start(n_regions: int) -> int:
    """The first region index whose names are all free (an --append run continues after earlier ones)."""
    start = Unit.objects.filter(kind=UnitKind.GOVERNMENT).count()
    for _ in range(100):
        wanted = [f"{names.region_name(start + r)}人民政府" for r in range(n_regions)]
        if not Unit.objects.filter(name__in=wanted).exists():
            return start
        start += n_regions
    raise RuntimeError("no free region names")


def run(ctx: Context) -> None:
    rng, w = ctx.rng, ctx.writer
    total = ctx.scale.units
    n_regions = max(1, total // UNITS_PER_REGION)
    region0 = _region_start(n_regions)
    tag = f"G{region0:03d}"  # unit codes and usernames of this run
    units: list[dict] = []
    first = w.reserve(Unit, total + (1 if n_regions > 1 else 0))
    next_id = first

    def add(name, short, kind, parent):
        nonlocal next_id
        uid = next_id
        next_id += 1
        path = f"{parent['path']}{uid}/" if parent else f"/{uid}/"
        row = {
            "id": uid,
            "name": name,
            "short_name": short[:30],
            "code": f"{tag}-{len(units):05d}",
            "kind": kind,
            "parent_id": parent["id"] if parent else None,
            "path": path,
            "sort_order": len(units),
            "is_active": True,
        }
        units.append(row)
        return row

    if n_regions > 1:
        top_name = "示范市人民政府" if ctx.scale.name == "city" else "示范省人民政府"
        suffix = "" if region0 == 0 else f"（第{region0 // n_regions + 1}批）"
        root = add(top_name + suffix, top_name[:3], UnitKind.GOVERNMENT, None)
    else:
        root = None
    regions, bureaus, streets, parks = [], [], [], []
    for r in range(n_regions):
        region = names.region_name(region0 + r)
        gov = add(f"{region}人民政府", f"{region}政府", UnitKind.GOVERNMENT, root)
        regions.append(gov)
        size = UNITS_PER_REGION - 1 if n_regions > 1 or total >= UNITS_PER_REGION else total - 1
        for k in range(size):
            if len(units) >= total + (1 if root else 0):
                break
            if k < size * 0.6:
                b = names.BUREAUS[k % len(names.BUREAUS)]
                bureaus.append(add(f"{region}{b}", b, UnitKind.BUREAU, gov))
            elif k < size * 0.95:
                s = names.street_name((region0 + r) * 10 + k)
                streets.append(add(f"{region}{s}", s, UnitKind.STREET, gov))
            else:
                parks.append(add(f"{region}经济开发区管委会", "开发区", UnitKind.PARK, gov))
    w.insert_dicts(Unit, units)
    ctx.count("units", len(units))

    groups = dict(Group.objects.values_list("name", "id"))
    password = make_password(PASSWORD)
    users: list[dict] = []
    memberships: list[tuple[int, int]] = []
    by_role: dict[str, list[int]] = {r: [] for r in RoleChoices.values}
    uid_first = w.reserve(User, 0)
    next_user = uid_first

    def person(role, unit, title):
        nonlocal next_user
        pk = next_user
        next_user += 1
        users.append(
            {
                "id": pk,
                "password": password,
                "username": f"{role}_{tag.lower()}_{pk}",
                "display_name": names.person_name(rng),
                "title": title,
                "unit_id": unit["id"],
                "is_active": True,
                "date_joined": w.now,
            }
        )
        memberships.append((pk, groups[role]))
        by_role[role].append(pk)
        return pk

    leaders_by_region = []
    for gov in regions:
        titles = ("区长", "常务副区长", "副区长", "副区长")
        leaders_by_region.append([person(RoleChoices.LEADER, gov, t) for t in titles])
        person(RoleChoices.SUPERVISOR, gov, "督查室主任")
        person(RoleChoices.VIEWER, gov, "办公室")
    if root:
        person(RoleChoices.LEADER, root, "市长" if ctx.scale.name == "city" else "省长")
        person(RoleChoices.SUPERVISOR, root, "督查处处长")
    person(RoleChoices.SYSADMIN, regions[0], "系统管理员")
    for unit in bureaus + streets + parks:
        person(RoleChoices.UNIT_ADMIN, unit, "办公室主任")
        person(RoleChoices.CLERK, unit, "科员")
    for unit in (bureaus + streets)[::2]:
        person(RoleChoices.CADRE, unit, "包保干部")
    w.reserve(User, len(users))
    w.insert_dicts(User, users)
    w.insert(User.groups.through._meta.db_table, ["user_id", "group_id"], memberships)
    ctx.count("users", len(users))
    clerks = set(by_role[RoleChoices.CLERK])
    ctx.shared.update(
        root=root,
        regions=regions,
        bureaus=bureaus,
        streets=streets,
        parks=parks,
        users_by_role=by_role,
        leaders_by_region=leaders_by_region,
        clerk_of_unit={u["unit_id"]: u["id"] for u in users if u["id"] in clerks},
        tag=tag,
    )
