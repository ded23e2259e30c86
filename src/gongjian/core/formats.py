"""Dates, periods and numbers as the reader writes them: 2026年3月20日 in Chinese, 2026-03-20 in English.

The number formats (万元/亿元, 亩, m², counts, percentages) live in the pure ``core/numbers.py`` and are
re-exported here.

For text shown to a person (pages, messages, error lists), never for inputs or exchanged files. The template
filters of the same names (``core/templatetags/gongjian.py``) call these.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import get_language

from gongjian.core.numbers import area_m2, area_mu, count, money, money_yuan, number, percent, ratio_percent, with_unit

__all__ = [
    "area_m2",
    "area_mu",
    "cn_date",
    "cn_datetime",
    "count",
    "enumeration",
    "is_chinese",
    "money",
    "money_yuan",
    "month_label",
    "number",
    "percent",
    "period_label",
    "ratio_percent",
    "with_unit",
]


def is_chinese() -> bool:
    """True when the active language is Chinese (the default when none is active)."""
    return (get_language() or "zh-hans").lower().startswith("zh")


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def cn_date(day: dt.date | dt.datetime | None) -> str:
    """2026年3月20日 (English: 2026-03-20); — when there is no date."""
    if not day:
        return "—"
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    if is_chinese():
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def cn_datetime(value: dt.datetime | None) -> str:
    """2026年3月20日 14:05 in local time (English: 2026-03-20 14:05); — when there is none."""
    if not value:
        return "—"
    if not isinstance(value, dt.datetime):
        return cn_date(value)
    value = _local(value)
    return f"{cn_date(value.date())} {value:%H:%M}"


def month_label(day: dt.date | None) -> str:
    """2026年3月 (English: Mar 2026)."""
    if not day:
        return "—"
    if is_chinese():
        return f"{day.year}年{day.month}月"
    return day.strftime("%b %Y")


def enumeration(texts) -> str:
    """Several items in a row: 2026年3月、2026年4月 (English: Mar 2026, Apr 2026)."""
    return ("、" if is_chinese() else ", ").join(str(t) for t in texts)


def period_label(period) -> str:
    """A reporting period (``campaigns.periods.Period``) in the active language: 2026年3月 / Mar 2026."""
    if not period:
        return "—"
    return period.label(get_language() or "zh-hans")
