"""Decheng District's 2026 key-work tackling year (德城区重点工作攻坚年) as data.

The data is in the YAML files of ``plan/`` beside this module (units, accounts, the names of the roles, the
campaign with its areas, the task list); this module reads them into the typed records the loader and the
history use. The plan follows the interview with the district party secretary
(``shared/seed/000_87ac9339c0501959.txt``): four pillars (攻思想落后、产业不强、空间不足、落实不快之“坚”), each
broken into the measures the interview names. Leaders appear by title only. The eleven major
technical-transformation projects are named after the one the interview names (格瑞德高性能风电机舱罩) and the
industries it lists; the other ten names are illustrative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from gongjian.campaigns.choices import ItemKind
from gongjian.org.choices import RoleChoices, UnitKind

__all__ = [
    "AREAS",
    "CAMPAIGN",
    "ITEMS",
    "PASSWORD",
    "ROLE_NAMES",
    "UNITS",
    "USERS",
    "AreaSpec",
    "ItemSpec",
    "Metric",
    "UnitSpec",
    "UserSpec",
    "reporters",
]

#: The demo password of every account (printed by the command; never used outside a demo database).
PASSWORD = "Gongjian-2026"  # noqa: S105

PLAN_DIR = Path(__file__).with_name("plan")


def _read(name: str):
    with (PLAN_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None


@dataclass(frozen=True)
class UserSpec:
    username: str
    display_name: str
    title: str
    unit: str
    role: str


@dataclass(frozen=True)
class AreaSpec:
    number: int
    title: str
    leader: str
    lead: str
    plan_text: str


@dataclass(frozen=True)
class Metric:
    """A figure a report quotes, growing with progress from ``start`` to ``target`` (``template`` takes {0}, {1}…)."""

    template: str
    start: tuple[float, ...]
    target: tuple[float, ...]
    decimals: int = 0


@dataclass(frozen=True)
class ItemSpec:
    """One line of the task list.

    ``profile`` says how the year goes: ``done`` finishes by its due date, ``steady`` keeps to the schedule and
    finishes at its due date, ``lagging`` falls behind, ``overdue`` stalls before its due date.
    """

    code: str
    kind: str
    title: str
    description: str
    expected: str
    leader: str
    lead: str
    co: tuple[str, ...]
    start: dt.date
    due: dt.date
    profile: str
    milestones: tuple[tuple[str, dt.date], ...]
    weight: Decimal = Decimal("1")
    steps: tuple[str, ...] = ()
    metric: Metric | None = None

    @property
    def area_number(self) -> int:
        return int(self.code.split("-")[0])


def _item(row: dict) -> ItemSpec:
    row = dict(row)
    metric = row.pop("metric", None)
    return ItemSpec(
        **row
        | {
            "kind": ItemKind(row["kind"]),
            "co": tuple(row.get("co", ())),
            "milestones": tuple((m["title"], m["due"]) for m in row.get("milestones", ())),
            "weight": Decimal(str(row.get("weight", "1"))),
            "steps": tuple(row.get("steps", ())),
            "metric": Metric(**metric | {"start": tuple(metric["start"]), "target": tuple(metric["target"])})
            if metric
            else None,
        }
    )


UNITS: list[UnitSpec] = [UnitSpec(**row | {"kind": UnitKind(row["kind"])}) for row in _read("units.yaml")]
USERS: list[UserSpec] = [UserSpec(**row | {"role": RoleChoices(row["role"])}) for row in _read("users.yaml")]
#: How the logins table names each role (the demo is shown in Chinese whatever the active language).
ROLE_NAMES: dict[str, str] = {RoleChoices(role): name for role, name in _read("roles.yaml").items()}

_campaign = _read("campaign.yaml")
CAMPAIGN: dict = _campaign["campaign"]
AREAS: list[AreaSpec] = [AreaSpec(**row) for row in _campaign["areas"]]
ITEMS: list[ItemSpec] = [_item(row) for row in _read("items.yaml")]


def reporters(unit_code: str) -> list[str]:
    """The usernames that file a unit's reports: its clerk first, then its administrator."""
    login = unit_code.lower()
    names = {u.username for u in USERS}
    return [n for n in (f"{login}_jbr", f"{login}_admin") if n in names]
