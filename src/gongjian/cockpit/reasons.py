"""Why an object is red or yellow, in a few words a leader reads at a glance (预警清单's reason column).

"逾期 12 天", "未报送 2026年10月 进展", "序时进度 65%，完成 30%，落后 35 个百分点", "完成 72%，低于 75%",
"督办函 德城攻坚督〔2026〕3号 逾期 5 天未反馈".

Pure: no Django. The caller passes the translation function (gettext, so the words follow the request's
language; makemessages still finds the ``_()`` calls below) and whether months are written the Chinese way.
The stored verdict's reason code and numbers come from the warning rules (``indicators.rules``) and the
modules' light sources (problems).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gongjian.core.numbers import number

__all__ = ["Thresholds", "reason_words"]


class Thresholds:
    """The rule thresholds a reason names: the achievement below which an indicator is yellow or red."""

    def __init__(self, green_achievement: Any = 90, yellow_achievement: Any = 75):
        self.green_achievement = green_achievement
        self.yellow_achievement = yellow_achievement


def _identity(text: str) -> str:
    return text


def _pct(value: Any) -> str:
    return number(value, 1) + "%"


def _month(key: str, chinese: bool) -> str:
    """2026-10 → 2026年10月 (English: Oct 2026); 2026-W05 → 2026年第5周 (English: 2026 week 5)."""
    try:
        if "-W" in key:
            year, week = (int(x) for x in key.split("-W"))
            return f"{year}年第{week}周" if chinese else f"{year} week {week}"
        if "-Q" in key:
            year, quarter = (int(x) for x in key.split("-Q"))
            return f"{year}年第{quarter}季度" if chinese else f"Q{quarter} {year}"
        year, month = (int(x) for x in key.split("-")[:2])
        day = dt.date(year, month, 1)
    except (ValueError, AttributeError):
        return str(key)
    return f"{day.year}年{day.month}月" if chinese else day.strftime("%b %Y")


def reason_words(
    code: str,
    numbers: dict[str, Any] | None,
    thresholds: Thresholds | None = None,
    *,
    translate: Callable[[str], str] = _identity,
    chinese: bool = True,
) -> str:
    """The reason of a stored colour in words; an empty string when the code has no words here."""
    _ = translate
    n = numbers or {}
    t = thresholds or Thresholds()
    try:
        if code in ("overdue", "problem_overdue"):
            return _("Overdue by {days} days").format(days=n["days_overdue"])
        if code == "milestone_missed":
            return _("Milestone overdue by {days} days").format(days=n["days_overdue"])
        if code == "unreported":
            return _("No progress report for {period}").format(period=_month(n["period"], chinese))
        if code in ("behind", "far_behind"):
            return _("Time schedule {expected}, done {actual}, {gap} points behind").format(
                expected=_pct(n["expected_percent"]), actual=_pct(n["actual_percent"]), gap=number(n["gap"], 1)
            )
        if code in ("below_plan", "far_below_plan"):
            limit = t.green_achievement if code == "below_plan" else t.yellow_achievement
            return _("Achieved {achieved}, below {limit}").format(
                achieved=_pct(n["achievement_percent"]), limit=_pct(limit)
            )
        if code == "weighted_share":
            return _("{share} of the items on track").format(share=_pct(n["on_track_percent"]))
        if code == "supervision_overdue":
            return _("{document} overdue by {days} days without a reply").format(
                document=n["document"], days=n["days_overdue"]
            )
        if code == "problem_due_soon":
            return _("Due in {days} days").format(days=n["days_to_due"])
    except (KeyError, TypeError, ValueError):
        return ""
    return ""
