"""The context of a sentence: the heading it stands under and the paragraph it opens.

A heading such as 一、2025年工作回顾 or ■ 2024年成绩单 opens a section of past results: its figures are not
targets. A heading such as 三、2026年主要预期目标 or 二、“十五五”时期主要目标 opens a plan section: words that
otherwise mark the past (累计, 比上年) describe the target there, and the heading's period is the default period of
its targets. A paragraph opening with a past year or an elapsed span (2010年是…, 今年1—5月, 截至11月18日) reports
results.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from .grammar import _PERIOD_RE
from .model import Period
from .periods import _period

HEADING_MAX = 40
_PAST_HEADING = re.compile(
    r"回顾|成绩单|主要成绩|总结成绩|执行情况|工作情况|完成情况|工作总结|主要成效|取得成效|^\W*过去[一二三四五六七八九十\d]*年"
)
_PLAN_HEADING = re.compile(r"目标|任务|计划|安排|取向|要求|重点|举措|思路|要点|展望|实事")
# a figure in a line: such a line is an item, not a heading
_FIGURE = re.compile(r"\d(?:[\d.,]*)\s*(?:%|万|亿|个|家|项|人|元|吨|亩|斤|套|户)")
_HEADING_PUNCT = re.compile(r"[。；;，,：:]")
_PAST_OPENER = re.compile(
    r"^\W{0,3}(?:[^，,。：:\n]{1,20}[：:])?(?:(?:据了解|据悉|据统计|记者[^，,。]{0,16}?(?:了解到|获悉))[，,])?(?:[^，,。：:]{0,12}?(?:(?P<y>20\d\d)年(?:是|，|,|全年|以来|，)|一年来|过去一年|过去[一二三四五六七八九十\d]+年"
    r"|今年以来|去年|上年|近年来|[一二三四五六七八九十两\d]{1,2}年来|目前[，,]|截至|截止|(?:今年)?\d{1,2}\s*(?:至|—|-|–|～|~)\s*\d{1,2}月|(?:今年)?前[一二三四五六七八九十两\d]{1,2}个?(?:季度|月)))"
)


@dataclass
class Context:
    past: bool = False  # under a heading about past results, or in a paragraph that reports them
    plan: bool = False  # under a heading about goals or tasks
    period: Period | None = None  # the period named by the heading


_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")


def _heading(line: str) -> bool:
    s = line.strip()
    if _NUMBERED.match(s) and len(s) <= HEADING_MAX and not _FIGURE.search(s) and not re.search(r"[。；;：:]", s):
        return True  # 一、认真总结成绩，准确把握态势: a numbered heading may have commas
    return 0 < len(s) <= HEADING_MAX and not _HEADING_PUNCT.search(s) and not _FIGURE.search(s)


# a paragraph opening with an estimate (初步预计，2017年…; 预计地区生产总值超过2100亿元) or with a review of an
# earlier year (报告首先回顾了2017年工作) reports results, unless it names this year or a later one
_ESTIMATE_OPENER = re.compile(r"^\W{0,3}(?:初步)?预计(?![^，,。]{0,4}(?:今年|明年|未来|到20))")
_REVIEW_OPENER = re.compile(r"^\W{0,3}[^。，,]{0,16}回顾了?(20\d\d)年")


# 日前，记者从市招商局了解到，一季度，…: a quarter that has ended, reported
_QUARTER_OPENER = re.compile(
    r"^\W{0,3}(?:(?:日前|近日|昨日|\d{1,2}月\d{1,2}日)[，,])?(?:[^，,。]{0,24}?(?:了解到|获悉|据悉|据统计)[，,])?"
    r"(?:今年)?(?P<q>[一二三四1-4])季度[，,]"
)


def _paragraph_past(line: str, today: dt.date) -> bool:
    quarter = _QUARTER_OPENER.match(line)
    if quarter:
        q = "一二三四".find(quarter.group("q")) + 1 or int(quarter.group("q"))
        return today.month > 3 * q
    if _ESTIMATE_OPENER.match(line):
        years = [int(y) for y in re.findall(r"(20\d\d)年", line)]
        return not years or max(years) < today.year
    review = _REVIEW_OPENER.match(line)
    if review:
        return int(review.group(1)) < today.year
    m = _PAST_OPENER.match(line)
    if not m:
        return False
    return m.group("y") is None or int(m.group("y")) < today.year


# an opening that announces the completion of a year's programme (2024年10件民生实事…具体完成情况公布; …10件重点
# 民生实事项目 全部完成): the text reports results until a heading opens a plan
_RESULTS_OPENING = re.compile(
    r"完成情况(?:公布|如下|通报)|(?<![确保要将争力求])(?:已?全部|均已|已提前|已超额)完成(?![^，,。；;]{0,6}目标)"
)


def _results_document(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()][:3]
    if any(_SO_FAR_OPENING.match(line) and not _PLAN_OPENING.search(line) for line in lines):
        return True  # 今年以来，我镇深入贯彻…: a report of the year so far (an exchange of experience, a review)
    return any(_RESULTS_OPENING.search(line) and not _PLAN_OPENING.search(line) for line in lines)


_SO_FAR_OPENING = re.compile(
    r"^\W{0,3}(?:今年以来|年初以来|上半年以来|一年来|(?:今年)?前[一二三四五六七八九十两\d]{1,2}个?(?:季度|月))"
)


_PLAN_OPENING = re.compile(r"力争|确保|分解|印发|下一步|今后")


class ContextMap:
    """The context at each position of a text, computed once per text."""

    def __init__(self, text: str, today: dt.date):
        self._starts: list[int] = [0]
        self._states: list[Context] = [Context()]
        self._paragraphs: list[tuple[int, int]] = []  # past paragraphs (start, end)
        section = Context(past=_results_document(text))
        self._states[0] = section
        pos = 0
        for line in text.splitlines(keepends=True):
            if _heading(line):
                years = [int(y) for y in re.findall(r"(20\d\d)年", line)]
                past_year = bool(years) and max(years) < today.year
                future_plan = bool(years) and max(years) >= today.year and _PLAN_HEADING.search(line)
                if not future_plan and (
                    _PAST_HEADING.search(line.strip()) or (past_year and not _PLAN_HEADING.search(line))
                ):
                    section = Context(past=True)
                elif _PLAN_HEADING.search(line):
                    pm = _PERIOD_RE.search(line)
                    section = Context(plan=True, period=_period(pm, today) if pm else None)
                self._starts.append(pos)
                self._states.append(section)
            elif _paragraph_past(line, today):
                self._paragraphs.append((pos, pos + len(line)))
            pos += len(line)

    def at(self, pos: int) -> Context:
        state = self._states[bisect.bisect_right(self._starts, pos) - 1]
        k = bisect.bisect_right(self._paragraphs, (pos, float("inf"))) - 1
        if k >= 0 and self._paragraphs[k][0] <= pos < self._paragraphs[k][1]:
            return Context(past=True, plan=state.plan, period=state.period)
        return state
