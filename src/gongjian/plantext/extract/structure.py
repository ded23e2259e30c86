"""Pillars and measures: the structure of the text."""

from __future__ import annotations

import datetime as dt
import re

from .grammar import _PAST_SECTION, _PROGRAMME_RE, _SUBJECT_HEAD, _clauses
from .model import Measure

_CN_ORD = "一二三四五六七八九十"
_PILLAR_RES = [
    re.compile(rf"^\s*[{_CN_ORD}]{{1,3}}、"),
    re.compile(rf"^\s*[（(][{_CN_ORD}]{{1,3}}[）)]"),
    re.compile(rf"^\s*(?:[{_CN_ORD}]{{1,3}}是|第[{_CN_ORD}]{{1,3}}[，,、])"),
    re.compile(r"^\s*\d{1,2}(?:\.(?!\d)|、|．)"),
]

# measures: a clause whose head, after optional subject and adverbs, is an action verb
# verbs that build or renew a measured thing: 实施100万平方米精品小区建设 is a scope target, not a threshold
BUILD_VERBS = (
    "实施",
    "启动",
    "完成",
    "建设",
    "新建",
    "改造",
    "建成",
    "新增",
    "改建",
    "整治",
    "修缮",
    "治理",
    "种植",
    "开展",
)
# a list marker or a short label before a clause: 1. (1) （一） ⑴ ① 一、 01 ● 增收：
_ITEM_MARKER = re.compile(
    r"^\s*(?:\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[⑴-⒇①-⑳]|[一二三四五六七八九十]{1,3}、"
    r"|\d{1,2}[ \t](?=[\u4e00-\u9fff])|[●■◆▲★·•])?\s*(?:[^，,。；;：:\s]{1,8}[：:](?!\d))?\s*"
)
_UNIT_NAME = re.compile(r"[^，,。；;、\s]{1,12}?(?:办|局|委|室|中心|政府|管委会|办公室|指挥部|街道|公司)")
_ADMIN_LABEL = re.compile(
    r"[（(]?(?:牵头|责任|配合|协办|主责|负责)(?:单位|部门)|完成时限|完成时间|办结时限|时限|时间节点"
)
_COLUMNS = re.compile(r"[（(][^（）()]{0,60}?(?:牵头|负责|单位[:：]|时限)")
_MODAL = re.compile(r"(?:要|将|应当|应|须|必须|均应|均要)(?=[^，,。；;]{2})")
ADVERBS = (
    "视其情况",
    "视情况",
    "视情",
    "适时",
    "立即",
    "分类",
    "研究",
    "依法",
    "同步",
    "科学",
    "动态",
    "大幅",
    "进一步",
    "深入",
    "着力",
    "重点",
    "扎实",
    "全面",
    "大力",
    "持续",
    "积极",
    "认真",
    "坚决",
    "切实",
    "努力",
    "不断",
    "全力",
    "继续",
    "稳步",
    "有序",
    "逐步",
    "率先",
    "主动",
    "精准",
    "统筹",
    "集中",
    "系统",
    "加紧",
    "逐个",
    "逐项",
    "带头",
    "及时",
    "定期",
    "全方位",
    "加大力度",
)
ACTION_VERBS = (
    "狠抓",
    "紧盯",
    "明确",
    "倒排",
    "成立",
    "提出",
    "找准",
    "分析",
    "剖析",
    "消除",
    "采取",
    "梳理",
    "落细落实",
    "安装",
    "加大",
    "纳入",
    "公布",
    "形成",
    "促进",
    "防范",
    "化解",
    "补齐",
    "取消",
    "下放",
    "调整",
    "编制",
    "聚焦",
    "提速",
    "细化",
    "实施",
    "推动",
    "推进",
    "开展",
    "建立",
    "健全",
    "完善",
    "制定",
    "出台",
    "设立",
    "打造",
    "培育",
    "引导",
    "探索",
    "抓好",
    "加快",
    "加强",
    "实行",
    "落实",
    "建设",
    "新建",
    "建成",
    "改造",
    "引进",
    "创新",
    "提升",
    "强化",
    "深化",
    "优化",
    "组织",
    "举办",
    "开工",
    "启动",
    "扶持",
    "支持",
    "鼓励",
    "组建",
    "构建",
    "创建",
    "整治",
    "治理",
    "清理",
    "摸排",
    "盘活",
    "打通",
    "扩大",
    "招引",
    "新增",
    "完成",
    "破除",
    "树立",
    "践行",
    "倒逼",
    "压实",
    "严格",
    "规范",
    "开发",
    "筹建",
    "搭建",
    "拓展",
    "拓宽",
    "保障",
    "做好",
    "抓实",
    "夯实",
    "整合",
    "引育",
    "谋划",
    "编制",
    "修订",
    "建好",
    "用好",
    "办好",
    "管好",
    "提高",
    "降低",
    "减少",
    "压减",
    "推行",
    "执行",
    "承办",
    "召开",
    "部署",
    "培训",
    "选派",
    "配备",
    "畅通",
    "巩固",
    "发展",
)


def _pillar_starts(text: str) -> list[tuple[int, int, int]]:
    """(line start, marker end, level) of lines that begin a pillar, at the top level used twice or more."""
    found: dict[int, list[tuple[int, int]]] = {}
    pos = 0
    for line in text.splitlines(keepends=True):
        for level, rx in enumerate(_PILLAR_RES):
            m = rx.match(line)
            if m:
                found.setdefault(level, []).append((pos, pos + m.end()))
                break
        pos += len(line)
    for level in sorted(found):
        if len(found[level]) >= 2:
            return [(a, b, level) for a, b in found[level]]
    return []


def _measures(text: str, start: int, end: int) -> list[Measure]:
    out = []
    for c0, c1 in _clauses(text, start, end, "，,；;。！!？?"):
        raw = text[c0:c1]
        marker = _ITEM_MARKER.match(raw)
        skip = marker.end() if marker else len(raw) - len(raw.lstrip())
        clause = raw[skip:].strip()
        columns = _COLUMNS.search(clause)
        if columns:
            clause = clause[: columns.start()].rstrip()  # …机制（牵头单位：区发改局: the columns are not the title
        actor = ""
        modal = _MODAL.search(clause[:40])
        if modal and _UNIT_NAME.fullmatch(clause[: modal.start()]):
            actor = clause[: modal.start()]  # 市政府督考办要加大督查考核力度: the unit named leads
        head = _SUBJECT_HEAD.sub("", clause)
        head = re.sub(r"^(?:该|全|我)[区县市镇乡]", "", head)
        if not head.startswith(ACTION_VERBS):
            modal = _MODAL.search(head[:40])
            if modal:
                head = head[modal.end() :]  # 各县(区)…要认真研究制定…; 燃煤机组均应安装…
            elif head.startswith("请"):  # 请以上责任单位加快工作节奏
                verb = re.search("|".join(ACTION_VERBS), head[:20])
                head = head[verb.start() :] if verb else head
        changed = True
        while changed:
            changed = False
            for adv in ADVERBS:
                if head.startswith(adv) and not head.startswith(ACTION_VERBS):
                    head = head[len(adv) :]
                    changed = True
        if _ADMIN_LABEL.match(clause):
            continue  # 完成时限：12月底前, 牵头单位：…: the item's columns, not a measure
        if head.startswith("对") and re.search(r"进行|开展|实施", head[:30]):
            head = "开展"  # 对…进行自查: the action comes after its object
        if not head.startswith(ACTION_VERBS) or len(clause) < 4:
            continue
        prog = _PROGRAMME_RE.search(clause)
        programme = ""
        if prog:
            programme = f"“{prog.group(1)}”{prog.group(2)}" if prog.group(1) else f"“{prog.group(3)}”"
        out.append(Measure(clause, c0 + skip, c1, programme, lead=actor))
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return _clauses(text, start, end, "。！!？?")


def _past_section(title: str, today: dt.date) -> bool:
    years = [int(y) for y in re.findall(r"(20\d\d)年", title)]
    return bool(_PAST_SECTION.search(title)) and (not years or max(years) < today.year)
