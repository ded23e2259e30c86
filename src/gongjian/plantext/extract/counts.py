"""Counts that are not targets: a document describing itself (确定了12项重点任务, 出台8条措施, 分解为79项工作任务),
an event (召开3次调度会, 十四届全国人大四次会议) or a slogan (五个强化, 四项机制). A count is a target when an
action in the plan governs it (新增…10个, 建成5家) or a comparator bounds it (不少于24个)."""

from __future__ import annotations

import re

# nouns that name parts of a document or of a programme, not things to build or win
DOC_NOUNS = (
    "任务",
    "措施",
    "举措",
    "机制",
    "事项",
    "实事",
    "意见",
    "条款",
    "强化",
    "突破",
    "指标",
    "部分",
    "要求",
    "原则",
    "方案",
    "清单",
    "覆盖",
    "包括",
    "大类",
)
# verbs that describe the document or its making: a count they govern is its content
_DESCRIBE_RE = re.compile(
    r"确定|提出|明确|包括|涉及|邀请|分解|分为|梳理出|列出|印发|出台|制定了|形成了|票决|公布|出炉|发布|召开|举行|主持"
)
_EVENT_RE = re.compile(r"^(?:会议|全会|全体|常委会|党代会|人代会|调度会|推进会|座谈会|专题会|例会)")
_STRONG_GOAL_RE = re.compile(
    r"力争|确保|争取|力求|目标[是为：:]|计划(?![的，,。；;、”\s]|投资|总投资|额|$)|将(?![^，,；;。]{1,30}?(?:作为|列为|纳入|列入|视为|当作))"
    r"|(?:^|(?<=[，,：:说]))要(?=[一-鿿])(?!求)"  # 周骥说，要切实…: an obligation
)
# past markers that, under a plan heading, describe the target itself (累计降低17%, 比上年增加)
WEAK_PAST = {"同比", "比上年", "上年", "累计", "现有", "目前", "共有"}


def not_a_scope_target(before: str, noun: str, unit: str, clause: str) -> bool:
    """True when the count ``before`` + NUM + ``unit`` + ``noun`` describes rather than sets a target."""
    if unit in ("次", "场", "届") and _EVENT_RE.match(noun):
        return True  # 四次会议, 3次调度会
    if unit == "次" and noun.startswith("产业"):
        return True  # 三次产业: the three sectors of the economy
    if re.match(r"重点(?:$|工作|领域|方面|环节|[，,、])", noun):
        return True  # 五个重点, 三项重点工作 (but 100个重点技术改造项目 is scope)
    head = noun[:8]
    if re.match(r"[一-鿿]{2,8}?(?:改造|建设|征收|征迁|搬迁|整治|治理|安置)任务", noun):
        return False  # 完成14个棚户区改造任务: the task names what is to be built
    if re.match(r"[一-鿿]{0,4}工作(?:$|[（(，,、])", noun):
        return True  # 三项主体工作, 两项工作: topics (but 10个未成年人保护工作站 is scope)
    if any(n in head for n in DOC_NOUNS) and not before.endswith("对"):
        return True  # 12项重点任务, 8条措施, 五个强化 (but 对12项攻坚任务逐个制定方案 is scope)
    if re.match(r"(?:人大代表|政协委员|代表|委员|嘉宾|与会)", noun):
        return True  # 230名人大代表, 160多名代表与会: who attends an event
    if noun.endswith("中"):
        return True  # 尚未开工的54个项目中: the set a sentence picks from
    if re.search(r"”指|是指|系指", clause):
        return True  # “一圈”指…北部四个镇空港经济圈: a definition of a name
    if _DESCRIBE_RE.search(clause):
        return True
    return False
