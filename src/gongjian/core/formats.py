"""Dates and periods as the reader writes them: 2026年3月20日 in Chinese, 2026-03-20 in English.

For text shown to a person (pages, messages, error lists), never for inputs or exchanged files. The template
filters of the same names (``core/templatetags/gongjian.py``) call these.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import get_language

__all__ = ["cn_date", "cn_datetime", "enumeration", "is_chinese", "month_label", "period_label"]


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
