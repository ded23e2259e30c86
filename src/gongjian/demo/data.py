"""Decheng District's 2026 key-work tackling year (德城区重点工作攻坚年) as data.

The plan follows the interview with the district party secretary (``shared/seed/000_87ac9339c0501959.txt``):
four pillars (攻思想落后、产业不强、空间不足、落实不快之“坚”), each broken into the measures the interview names.
Leaders appear by title only. The eleven major technical-transformation projects are named after the one the
interview names (格瑞德高性能风电机舱罩) and the industries it lists; the other ten names are illustrative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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

D = dt.date
K = ItemKind
R = RoleChoices


# --- units ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None


UNITS: list[UnitSpec] = [
    UnitSpec("QW", "德城区委", "区委", UnitKind.PARTY_COMMITTEE, None),
    UnitSpec("QZF", "德城区人民政府", "区政府", UnitKind.GOVERNMENT, None),
    # under 区委
    UnitSpec("QWB", "区委办公室", "区委办", UnitKind.BUREAU, "QW"),
    UnitSpec("DCS", "区委区政府督查室", "督查室", UnitKind.BUREAU, "QW"),
    UnitSpec("ZZB", "区委组织部", "组织部", UnitKind.BUREAU, "QW"),
    UnitSpec("XCB", "区委宣传部", "宣传部", UnitKind.BUREAU, "QW"),
    # under 区政府
    UnitSpec("ZFB", "区政府办公室", "区政府办", UnitKind.BUREAU, "QZF"),
    UnitSpec("FGJ", "区发展和改革局", "发改局", UnitKind.BUREAU, "QZF"),
    UnitSpec("GXJ", "区工业和信息化局", "工信局", UnitKind.BUREAU, "QZF"),
    UnitSpec("CZJ", "区财政局", "财政局", UnitKind.BUREAU, "QZF"),
    UnitSpec("ZRJ", "区自然资源局", "自然资源局", UnitKind.BUREAU, "QZF"),
    UnitSpec("ZJJ", "区住房和城乡建设局", "住建局", UnitKind.BUREAU, "QZF"),
    UnitSpec("SWJ", "区商务局", "商务局", UnitKind.BUREAU, "QZF"),
    UnitSpec("TCZX", "区投资促进中心", "投促中心", UnitKind.BUREAU, "QZF"),
    UnitSpec("KJJ", "区科学技术局", "科技局", UnitKind.BUREAU, "QZF"),
    UnitSpec("TJJ", "区统计局", "统计局", UnitKind.BUREAU, "QZF"),
    UnitSpec("SWUJ", "区税务局", "税务局", UnitKind.BUREAU, "QZF"),
    UnitSpec("SJJ", "区市场监督管理局", "市场监管局", UnitKind.BUREAU, "QZF"),
    UnitSpec("TQGYY", "天衢工业园", "天衢工业园", UnitKind.PARK, "QZF"),
    UnitSpec("XH", "新湖街道", "新湖街道", UnitKind.STREET, "QZF"),
    UnitSpec("XHUA", "新华街道", "新华街道", UnitKind.STREET, "QZF"),
    UnitSpec("TQ", "天衢街道", "天衢街道", UnitKind.STREET, "QZF"),
    UnitSpec("GC", "广川街道", "广川街道", UnitKind.STREET, "QZF"),
    UnitSpec("YH", "运河街道", "运河街道", UnitKind.STREET, "QZF"),
    UnitSpec("SGT", "宋官屯街道", "宋官屯街道", UnitKind.STREET, "QZF"),
    UnitSpec("ET", "二屯镇", "二屯镇", UnitKind.STREET, "QZF"),
    UnitSpec("HHY", "黄河涯镇", "黄河涯镇", UnitKind.STREET, "QZF"),
]

_SHORT = {u.code: u.short_name for u in UNITS}


# --- users ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    username: str
    display_name: str
    title: str
    unit: str
    role: str


#: Units whose reports a unit administrator and a clerk (经办人) file; streets listed second have a clerk only.
_UNITS_WITH_ADMIN = [
    "QWB", "ZZB", "XCB", "FGJ", "GXJ", "CZJ", "ZRJ", "ZJJ", "SWJ", "TCZX", "KJJ", "TJJ", "SWUJ", "SJJ", "TQGYY", "XH",
]  # fmt: skip
_UNITS_CLERK_ONLY = ["DCS", "XHUA", "TQ", "YH"]


def _unit_staff() -> list[UserSpec]:
    staff: list[UserSpec] = []
    for code in _UNITS_WITH_ADMIN:
        short, login = _SHORT[code], code.lower()
        staff.append(UserSpec(f"{login}_admin", f"{short}管理员", "单位管理员", code, R.UNIT_ADMIN))
        staff.append(UserSpec(f"{login}_jbr", f"{short}经办人", "攻坚工作联络员", code, R.CLERK))
    for code in _UNITS_CLERK_ONLY:
        short, login = _SHORT[code], code.lower()
        staff.append(UserSpec(f"{login}_jbr", f"{short}经办人", "攻坚工作联络员", code, R.CLERK))
    return staff


USERS: list[UserSpec] = [
    # Leaders, by title only.
    UserSpec("shuji", "区委书记", "区委书记", "QW", R.LEADER),
    UserSpec("quzhang", "区长", "区委副书记、区长", "QZF", R.LEADER),
    UserSpec("changwu", "常务副区长", "区委常委、常务副区长", "QZF", R.LEADER),
    UserSpec("fqz_gongye", "分管工业副区长", "副区长（分管工业和信息化）", "QZF", R.LEADER),
    UserSpec("fqz_shangwu", "分管商务副区长", "副区长（分管商务、招商引资）", "QZF", R.LEADER),
    UserSpec("fqz_chengjian", "分管自然资源副区长", "副区长（分管自然资源、住房城乡建设）", "QZF", R.LEADER),
    UserSpec("zuzhi", "区委常委组织部长", "区委常委、组织部部长", "QW", R.LEADER),
    UserSpec("xuanchuan", "区委常委宣传部长", "区委常委、宣传部部长", "QW", R.LEADER),
    # The supervision office reviews reports; the administrator keeps accounts and units.
    UserSpec("ducha", "督查室主任", "区委区政府督查室主任", "DCS", R.SUPERVISOR),
    UserSpec("admin", "系统管理员", "区委办公室信息科", "QWB", R.SYSADMIN),
    *_unit_staff(),
    # Cadres paired with enterprises (包保干部) and a read-only account.
    UserSpec("baobao_gxj", "包保干部（工信局）", "包保干部", "GXJ", R.CADRE),
    UserSpec("baobao_swj", "包保干部（商务局）", "包保干部", "SWJ", R.CADRE),
    UserSpec("baobao_gyy", "包保干部（天衢工业园）", "包保干部", "TQGYY", R.CADRE),
    UserSpec("baobao_xh", "包保干部（新湖街道）", "包保干部", "XH", R.CADRE),
    UserSpec("chakan", "只读查看（区政府办）", "只读用户", "ZFB", R.VIEWER),
]

#: How the logins table names each role (the demo is shown in Chinese whatever the active language).
ROLE_NAMES = {
    R.LEADER: "领导",
    R.SUPERVISOR: "督查室",
    R.UNIT_ADMIN: "单位管理员",
    R.CLERK: "经办人",
    R.CADRE: "包保干部",
    R.VIEWER: "只读",
    R.SYSADMIN: "系统管理员",
}


def reporters(unit_code: str) -> list[str]:
    """The usernames that file a unit's reports: its clerk first, then its administrator."""
    login = unit_code.lower()
    names = {u.username for u in USERS}
    return [n for n in (f"{login}_jbr", f"{login}_admin") if n in names]


# --- campaign and areas -----------------------------------------------------------------------------------

CAMPAIGN = {
    "name": "德城区2026年重点工作攻坚年",
    "year": 2026,
    "start_date": D(2026, 3, 20),
    "end_date": D(2026, 12, 31),
    "cycle": "monthly",
    "grace_days": 5,
    "description": (
        "3月20日，全市“重点工作攻坚年”动员大会召开，全面安排部署12项攻坚行动。德城区坚持目标导向、问题导向、"
        "结果导向，始终保持冲刺姿态、攻坚状态，扑下身子抓推进，精准对标抓落实，攻思想落后、产业不强、空间不足、"
        "落实不快之“坚”，奋力开创“富美新强”典范区建设新局面。对12项攻坚任务逐个制定落实方案，实行清单化管理，"
        "各责任单位每月报送进展，督查室审核、通报。"
    ),
}


@dataclass(frozen=True)
class AreaSpec:
    number: int
    title: str
    leader: str
    lead: str
    plan_text: str


AREAS: list[AreaSpec] = [
    AreaSpec(
        1,
        "攻思想落后之“坚”",
        "xuanchuan",
        "XCB",
        "解放思想是解决各种问题的“总开关”，是打开发展之门的“金钥匙”。德城区作为中心城区、老城区，历史包袱沉重，"
        "矛盾问题叠加。落实方案：\n"
        "1. 以解放思想为先导，在全区干部中深入开展“攻坚克难、奋起直追”大讨论活动，深刻查找自身短板、正视问题差距；\n"
        "2. 勇于自我革新、敢于破旧立新，坚决破除制约高质量发展的思想束缚和制度藩篱；\n"
        "3. 牢固树立“事事处处争一流”思想，坚持高点定位，深入开展“对标一流、争先进位”活动，"
        "同强的比、向高的攀、与勇的争、跟快的赛；\n"
        "4. 把解放思想的成效体现在加快德城高质量发展上来，重点指标每月对标、通报位次。",
    ),
    AreaSpec(
        2,
        "攻产业不强之“坚”",
        "fqz_gongye",
        "GXJ",
        "德城区实体经济缺大少强，传统产业发展质效不高，战略性新兴产业支撑力不足，新旧动能转换任务艰巨。"
        "抓住工业经济这个关键突破口，结合招强引优、延链补链重点攻坚。落实方案：\n"
        "1. 实施“传统产业提升”计划，抓好格瑞德高性能风电机舱罩等11个重大技改项目，推动绿色化工、功能纺织、"
        "健康食品等传统产业迈向中高端；\n"
        "2. 实施新兴产业“三年倍增计划”，推动新材料、高端装备制造等战略性新兴产业扩规模、快成长；\n"
        "3. 实施重点企业“梯队培育”工程，制定项目、科技、金融领域专项培植方案；\n"
        "4. 年度目标：新增规模以上企业9家以上，主营业务收入过10亿元企业达到5家、过5亿元企业7家、过亿元企业22家；\n"
        "5. 加快山东种业集团营养型农业产业化项目建设，打造面向全省、辐射全国的营养型农业产业基地。",
    ),
    AreaSpec(
        3,
        "攻空间不足之“坚”",
        "changwu",
        "FGJ",
        "德城区作为老城区，土地面积有限、发展空间狭小、平面布局饱和，必须在盘活土地存量、拓展空间增量上下功夫，"
        "走集聚、集约、集群之路。落实方案：\n"
        "1. 以开发区管理体制机制改革为契机，创新天衢工业园管理、运营机制，聚焦双招双引、外资外贸、项目建设主业主责；\n"
        "2. 全面摸排闲置土地、厂房、企业，探索实施落后低效产能退出机制；\n"
        "3. 扎实开展“亩产效益”评价改革，倒逼企业提高全要素生产率，推动园区“腾笼换鸟”“凤凰涅槃”；\n"
        "4. 向楼宇要空间、要财源、要效益：制定完善楼宇经济发展规划，出台《关于加快现代服务业高质量发展的若干政策》，"
        "设立现代服务业奖励扶持专项资金，重点引进“零土地”、轻资产科技型企业和金融服务企业，深入推进“腾楼换企”工程，"
        "“一楼一策”提升入驻率、单位面积税收贡献率，着力打造“立体产业园”；\n"
        "5. 年度目标：引进培育楼宇企业100家以上，楼宇经济贡献税收突破6亿元。",
    ),
    AreaSpec(
        4,
        "攻落实不快之“坚”",
        "shuji",
        "DCS",
        "事业只有干出来的精彩，没有等出来的辉煌。树立“改革为先，项目为要，服务为上”的理念。落实方案：\n"
        "1. 从区委常委做起，以上率下、亲力亲为，带头践行“一线工作法”，对包保企业真帮实包，实行销号管理，"
        "确保问题限期见底清零；\n"
        "2. 建立重点工程、重大项目、重要事项责任清单，对各项重点工作亲自部署、亲自过问、亲自调度、亲自督办，"
        "以“钉钉子”精神推动工作落实落细；\n"
        "3. 认真落实量化预警、容错免责、组工干部一线考察识别、激励关怀等机制，鼓励实干者、鞭策不为者、惩戒逾矩者；\n"
        "4. 对12项攻坚任务逐个制定落实方案，实行清单化管理，每月调度、通报。",
    ),
]


# --- items ------------------------------------------------------------------------------------------------


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


def _invest(amount: float) -> Metric:
    return Metric("年内累计完成投资{0}亿元（年度计划" + f"{amount:g}" + "亿元）", (0,), (amount,), 2)


_PROJECT_STEPS = (
    "加快办理项目前期手续，完成备案和能评、环评等审批事项",
    "项目开工建设，施工单位进场作业，设备采购同步招标",
    "主体工程建设加快推进，主要设备陆续订货",
    "主体工程基本完工，主要设备到货并安装调试",
    "生产线联动调试，进入试生产，同步准备竣工验收",
)

ITEMS: list[ItemSpec] = [
    # 1 攻思想落后之“坚”
    ItemSpec(
        code="1-01",
        kind=K.TASK,
        title="深入开展“攻坚克难、奋起直追”大讨论活动",
        description="在全区广大干部中深入开展“攻坚克难、奋起直追”大讨论，组织专题学习、座谈交流和典型发言，"
        "引导干部深刻查找自身短板、正视问题差距，勇于自我革新、敢于破旧立新。",
        expected="区直部门、街道（镇）全覆盖开展专题讨论，形成短板问题清单和整改措施，干部精神状态明显提振。",
        leader="xuanchuan",
        lead="XCB",
        co=("ZZB", "QWB"),
        start=D(2026, 3, 25),
        due=D(2026, 6, 30),
        profile="done",
        milestones=(
            ("印发大讨论活动实施方案", D(2026, 4, 3)),
            ("召开全区大讨论动员部署会", D(2026, 4, 10)),
            ("各单位完成短板问题查摆", D(2026, 5, 20)),
            ("形成大讨论活动总结报告", D(2026, 6, 30)),
        ),
        weight=Decimal("1.5"),
        steps=(
            "印发实施方案，成立活动领导小组",
            "召开动员部署会，各单位开展专题学习",
            "各单位组织座谈交流，查摆短板问题",
            "汇总问题清单，推进整改落实",
            "开展总结评估，选树先进典型",
        ),
    ),
    ItemSpec(
        code="1-02",
        kind=K.TASK,
        title="查找短板差距，破除制约高质量发展的思想束缚和制度藩篱",
        description="对照先进地区查找自身短板、正视问题差距，梳理制约高质量发展的体制机制障碍和规范性文件，逐项提出废改立意见。",
        expected="形成短板差距清单和制度障碍清单，整改销号率100%。",
        leader="shuji",
        lead="QWB",
        co=("DCS", "ZFB", "SJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 9, 30),
        profile="done",
        milestones=(
            ("形成全区短板差距清单", D(2026, 5, 15)),
            ("完成制度性障碍清理", D(2026, 7, 31)),
            ("清单问题整改销号", D(2026, 9, 30)),
        ),
    ),
    ItemSpec(
        code="1-03",
        kind=K.KEY_WORK,
        title="深入开展“对标一流、争先进位”活动",
        description="坚持高点定位，选取省内外先进城区作为标杆，逐项对标主要经济指标和重点工作，树立“追”和“赶”的决心，"
        "拿出“拼”和“闯”的干劲，同强的比、向高的攀、与勇的争、跟快的赛。",
        expected="主要经济指标在全市位次前移，争先进位成效明显。",
        leader="quzhang",
        lead="FGJ",
        co=("TJJ", "GXJ", "SWJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("确定对标城区和对标指标", D(2026, 4, 30)),
            ("完成上半年对标分析报告", D(2026, 7, 15)),
            ("完成全年对标评估", D(2026, 12, 20)),
        ),
        weight=Decimal("1.5"),
    ),
    ItemSpec(
        code="1-04",
        kind=K.TASK,
        title="树立“事事处处争一流”导向，重点指标月度对标通报",
        description="建立重点经济指标对标体系，每月分析全区主要指标在全市的位次，对位次后移的指标向责任单位发出提醒。",
        expected="重点指标月度通报12期，位次后移指标有分析、有措施。",
        leader="changwu",
        lead="TJJ",
        co=("FGJ", "DCS"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("建立重点指标对标体系", D(2026, 4, 30)),
            ("开展半年指标位次分析", D(2026, 7, 31)),
        ),
    ),
    # 2 攻产业不强之“坚”: the eleven major technical-transformation projects
    ItemSpec(
        code="2-01",
        kind=K.MAJOR_PROJECT,
        title="格瑞德高性能风电机舱罩技改项目",
        description="总投资5.6亿元，建设高性能复合材料风电机舱罩生产线，引进真空导流成型、自动化喷涂等设备，"
        "提升大兆瓦风电机舱罩配套能力。",
        expected="年内竣工投产，达产后新增主营业务收入过亿元。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("TQGYY", "FGJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("完成项目备案和环评批复", D(2026, 4, 30)),
            ("主体厂房完工", D(2026, 7, 31)),
            ("生产线安装调试", D(2026, 10, 31)),
            ("竣工投产", D(2026, 12, 20)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(3.2),
    ),
    ItemSpec(
        code="2-02",
        kind=K.MAJOR_PROJECT,
        title="绿色化工精细化学品提质升级技改项目",
        description="总投资3.8亿元，对现有精细化学品装置实施工艺优化和自动化控制改造，提升产品附加值，推动化工产业绿色化、高端化。",
        expected="装置改造完成并试生产，单位产品能耗下降10%以上。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("TQGYY", "SJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("完成安全环保“三同时”手续", D(2026, 5, 31)),
            ("装置改造施工完成", D(2026, 8, 31)),
            ("试生产", D(2026, 11, 30)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(2.5),
    ),
    ItemSpec(
        code="2-03",
        kind=K.MAJOR_PROJECT,
        title="化工装置节能降碳改造项目",
        description="总投资1.5亿元，实施余热回收、高效电机替换和DCS控制系统改造，降低单位产品能耗和碳排放。",
        expected="10月底前完成改造并通过节能验收，年节约标准煤8000吨。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("FGJ", "HHY"),
        start=D(2026, 4, 1),
        due=D(2026, 10, 31),
        profile="overdue",
        milestones=(
            ("完成节能评估", D(2026, 5, 15)),
            ("余热回收系统安装", D(2026, 8, 31)),
            ("改造完成并通过节能验收", D(2026, 10, 31)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(1.2),
    ),
    ItemSpec(
        code="2-04",
        kind=K.MAJOR_PROJECT,
        title="功能性纺织面料智能化改造项目",
        description="总投资2.6亿元，引进智能织造、数码印花设备，开发抗菌、阻燃、吸湿速干等功能性面料。",
        expected="建成智能织造车间，功能性面料实现批量生产。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("YH", "KJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("设备招标采购", D(2026, 5, 31)),
            ("智能织造车间改造完成", D(2026, 9, 30)),
            ("功能面料批量生产", D(2026, 12, 15)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(1.8),
    ),
    ItemSpec(
        code="2-05",
        kind=K.MAJOR_PROJECT,
        title="高端产业用纺织品扩能项目",
        description="总投资2.9亿元，新上高端过滤材料、医卫用非织造布生产线，拓展产业用纺织品市场。",
        expected="新增高端非织造布产能1.2万吨，年内投产。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("TQGYY", "FGJ"),
        start=D(2026, 5, 1),
        due=D(2026, 12, 31),
        profile="lagging",
        milestones=(
            ("开工建设", D(2026, 5, 31)),
            ("主体完工", D(2026, 9, 30)),
            ("投产", D(2026, 12, 31)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(2.0),
    ),
    ItemSpec(
        code="2-06",
        kind=K.MAJOR_PROJECT,
        title="健康食品智能化生产线技改项目",
        description="总投资1.9亿元，建设健康食品智能化生产线和数字化品控中心，提升生产效率和产品质量安全水平。",
        expected="9月底前竣工投产，生产效率提高30%。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("SJJ", "ET"),
        start=D(2026, 4, 1),
        due=D(2026, 9, 30),
        profile="done",
        milestones=(
            ("主要设备到位", D(2026, 6, 15)),
            ("生产线安装调试", D(2026, 8, 15)),
            ("竣工投产", D(2026, 9, 30)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(1.5),
    ),
    ItemSpec(
        code="2-07",
        kind=K.MAJOR_PROJECT,
        title="功能食品和医用食品研发生产项目",
        description="总投资2.4亿元，建设功能食品、特殊医学用途配方食品研发中心和生产线，培育医用食品等新兴产品。",
        expected="研发中心建成，取得生产许可，首批产品上市。",
        leader="changwu",
        lead="GXJ",
        co=("KJJ", "SJJ"),
        start=D(2026, 4, 15),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("研发中心建成", D(2026, 7, 31)),
            ("取得生产许可", D(2026, 10, 31)),
            ("首批产品上市", D(2026, 12, 15)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(2.2),
    ),
    ItemSpec(
        code="2-08",
        kind=K.MAJOR_PROJECT,
        title="高性能复合材料生产线项目",
        description="总投资4.2亿元，建设碳纤维、玻纤增强复合材料生产线，面向风电、轨道交通等领域配套。",
        expected="厂房和生产线建成，年内具备试生产条件。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("TQGYY", "KJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("开工建设", D(2026, 4, 30)),
            ("厂房主体完工", D(2026, 8, 31)),
            ("设备安装调试", D(2026, 11, 30)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(3.0),
    ),
    ItemSpec(
        code="2-09",
        kind=K.MAJOR_PROJECT,
        title="新型环保建材智能化改造项目",
        description="总投资1.3亿元，对建材生产线实施智能化、清洁化改造，发展装配式建筑部品部件。",
        expected="11月底前达产达效，粉尘排放下降50%。",
        leader="fqz_chengjian",
        lead="GXJ",
        co=("ZJJ", "HHY"),
        start=D(2026, 4, 1),
        due=D(2026, 11, 30),
        profile="lagging",
        milestones=(
            ("完成技改备案", D(2026, 4, 30)),
            ("生产线改造完成", D(2026, 9, 30)),
            ("达产达效", D(2026, 11, 30)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(1.0),
    ),
    ItemSpec(
        code="2-10",
        kind=K.MAJOR_PROJECT,
        title="智能输送装备数字化车间项目",
        description="总投资2.1亿元，建设智能输送装备数字化车间，引进焊接机器人和MES系统，提升高端装备制造能力。",
        expected="10月底前建成数字化车间并通过验收。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("TQGYY", "KJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 10, 31),
        profile="done",
        milestones=(
            ("设备采购", D(2026, 5, 31)),
            ("车间改造完成", D(2026, 8, 31)),
            ("通过验收", D(2026, 10, 31)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(1.6),
    ),
    ItemSpec(
        code="2-11",
        kind=K.MAJOR_PROJECT,
        title="高端液压零部件智能制造技改项目",
        description="总投资1.8亿元，引进精密加工中心和智能检测设备，提升液压件精度和可靠性，培育“专精特新”产品。",
        expected="年内试生产，产品精度达到国内先进水平。",
        leader="changwu",
        lead="GXJ",
        co=("TQGYY", "SJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("设备招标", D(2026, 5, 31)),
            ("设备安装", D(2026, 9, 30)),
            ("试生产", D(2026, 12, 15)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
        metric=_invest(1.4),
    ),
    # 2 攻产业不强之“坚”: plans and targets
    ItemSpec(
        code="2-12",
        kind=K.TASK,
        title="实施“传统产业提升”计划，推动绿色化工、功能纺织、健康食品迈向中高端",
        description="分行业制定绿色化工、功能纺织、健康食品提升路径，推动企业技术改造、智能化改造和绿色化改造。",
        expected="三大传统产业主营业务收入增长8%以上，技改投资增长10%以上。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("FGJ", "KJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("印发传统产业提升计划", D(2026, 4, 30)),
            ("完成规上企业智能化诊断", D(2026, 8, 31)),
        ),
    ),
    ItemSpec(
        code="2-13",
        kind=K.TASK,
        title="实施新兴产业“三年倍增计划”（新材料、高端装备）",
        description="推动新材料、高端装备制造等战略性新兴产业扩规模、快成长，建立新兴产业重点项目库，三年实现产值倍增。",
        expected="全年新兴产业产值增长25%以上，增创产业发展新优势。",
        leader="changwu",
        lead="FGJ",
        co=("GXJ", "KJJ", "TCZX"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("编制三年倍增计划", D(2026, 5, 31)),
            ("建立新兴产业重点项目库", D(2026, 6, 30)),
        ),
        weight=Decimal("1.5"),
    ),
    ItemSpec(
        code="2-14",
        kind=K.KEY_WORK,
        title="实施重点企业“梯队培育”工程",
        description="按照规上培育、过亿元、过5亿元、过10亿元分层建立重点企业培育库，实行一企一策、动态管理、跟踪服务。",
        expected="培育库企业全部落实包保服务，梯队企业数量稳步增加。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("TJJ", "SWUJ", "SJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("建立重点企业梯队培育库", D(2026, 4, 30)),
            ("完成入库企业一对一服务", D(2026, 9, 30)),
        ),
        weight=Decimal("1.5"),
    ),
    ItemSpec(
        code="2-15",
        kind=K.TASK,
        title="制定项目、科技、金融领域专项培植方案",
        description="围绕梯队培育企业，分别制定项目建设、科技创新、金融支持三个领域专项培植方案，明确扶持措施和责任单位。",
        expected="5月底前三个专项培植方案全部印发实施。",
        leader="changwu",
        lead="FGJ",
        co=("KJJ", "CZJ", "GXJ"),
        start=D(2026, 4, 1),
        due=D(2026, 5, 31),
        profile="done",
        milestones=(
            ("项目领域培植方案印发", D(2026, 5, 10)),
            ("科技领域培植方案印发", D(2026, 5, 20)),
            ("金融领域培植方案印发", D(2026, 5, 31)),
        ),
    ),
    ItemSpec(
        code="2-16",
        kind=K.KEY_WORK,
        title="新增规模以上企业9家以上",
        description="建立“小升规”培育名单，逐企落实包保干部和帮扶措施，做好入规申报和统计服务。",
        expected="全年新增规模以上企业9家以上。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("TJJ", "SWUJ", "SJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="lagging",
        milestones=(
            ("确定“小升规”培育名单", D(2026, 4, 30)),
            ("上半年入规企业申报", D(2026, 7, 15)),
            ("四季度入规企业申报", D(2026, 12, 15)),
        ),
        weight=Decimal("1.5"),
        metric=Metric("已新增规模以上企业{0}家（目标9家）", (0,), (9,)),
    ),
    ItemSpec(
        code="2-17",
        kind=K.KEY_WORK,
        title="主营业务收入过10亿元企业达到5家、过5亿元企业7家、过亿元企业22家",
        description="对接近门槛的企业逐一分析，在订单、要素、融资方面精准帮扶，推动企业扩规模、上台阶。",
        expected="过10亿元企业5家、过5亿元企业7家、过亿元企业22家。",
        leader="quzhang",
        lead="GXJ",
        co=("TJJ", "SWUJ", "FGJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("确定冲刺企业名单", D(2026, 4, 30)),
            ("开展半年运行分析", D(2026, 7, 31)),
        ),
        weight=Decimal("1.5"),
        metric=Metric("预计过10亿元企业{0}家、过5亿元企业{1}家、过亿元企业{2}家", (3, 5, 16), (5, 7, 22)),
    ),
    ItemSpec(
        code="2-18",
        kind=K.KEY_WORK,
        title="加快山东种业集团营养型农业产业化项目建设",
        description="加快项目建设，培育功能食品、医用食品等新兴产品，打造面向全省、辐射全国的营养型农业产业基地。",
        expected="一期工程主体完工，示范基地建成。",
        leader="changwu",
        lead="FGJ",
        co=("ET", "HHY", "ZRJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("完成土地流转和规划设计", D(2026, 5, 31)),
            ("一期工程开工", D(2026, 7, 31)),
            ("一期主体完工", D(2026, 11, 30)),
        ),
        weight=Decimal("2"),
        steps=_PROJECT_STEPS,
    ),
    # 3 攻空间不足之“坚”
    ItemSpec(
        code="3-01",
        kind=K.KEY_WORK,
        title="开发区管理体制机制改革，创新天衢工业园管理运营机制",
        description="推行“党工委（管委会）+公司”管理运营模式，剥离社会事务，引导工业园聚焦双招双引、外资外贸、项目建设主业主责。",
        expected="6月底前新管理体制和运营机制正式运行。",
        leader="changwu",
        lead="TQGYY",
        co=("ZZB", "CZJ", "FGJ"),
        start=D(2026, 4, 1),
        due=D(2026, 6, 30),
        profile="done",
        milestones=(
            ("制定工业园管理体制改革方案", D(2026, 4, 30)),
            ("完成机构设置和人员竞聘", D(2026, 6, 15)),
            ("新运营机制正式运行", D(2026, 6, 30)),
        ),
        weight=Decimal("1.5"),
    ),
    ItemSpec(
        code="3-02",
        kind=K.TASK,
        title="全面摸排闲置土地、厂房、企业",
        description="组织自然资源、工信和街道（镇）力量入企入户，逐宗摸清闲置土地、闲置厂房和停产半停产企业底数。",
        expected="建立闲置资源“一张图”台账，为低效产能退出和招商落地提供空间。",
        leader="fqz_chengjian",
        lead="ZRJ",
        co=("GXJ", "TQGYY", "XH", "TQ", "ET"),
        start=D(2026, 4, 1),
        due=D(2026, 5, 31),
        profile="done",
        milestones=(
            ("印发摸排工作方案", D(2026, 4, 10)),
            ("完成入企入户摸排", D(2026, 5, 15)),
            ("建立闲置资源台账", D(2026, 5, 31)),
        ),
        metric=Metric("已摸排企业{0}家", (0,), (386,)),
    ),
    ItemSpec(
        code="3-03",
        kind=K.TASK,
        title="探索实施落后低效产能退出机制",
        description="以摸排台账和亩产效益评价结果为依据，制定低效产能退出办法，通过兼并重组、转型升级、依法退出等方式盘活资源。",
        expected="9月底前完成首批低效企业退出。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("ZRJ", "SJJ", "SWUJ"),
        start=D(2026, 5, 1),
        due=D(2026, 9, 30),
        profile="overdue",
        milestones=(
            ("制定低效产能退出实施办法", D(2026, 6, 30)),
            ("确定首批退出企业名单", D(2026, 8, 31)),
            ("完成首批退出", D(2026, 9, 30)),
        ),
    ),
    ItemSpec(
        code="3-04",
        kind=K.KEY_WORK,
        title="扎实开展“亩产效益”评价改革",
        description="以亩均税收、亩均营业收入、单位能耗产出等为主要指标，对工业企业分类综合评价，实行用地、用能、信贷等差别化政策，"
        "倒逼企业提高全要素生产率。",
        expected="规上工业企业和占地3亩以上规下企业评价全覆盖，A、B、C、D分类结果公示并落实差别化政策。",
        leader="fqz_gongye",
        lead="GXJ",
        co=("ZRJ", "SWUJ", "TJJ", "CZJ"),
        start=D(2026, 4, 15),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("印发亩产效益评价办法", D(2026, 5, 31)),
            ("完成企业数据采集核实", D(2026, 7, 31)),
            ("评价结果公示", D(2026, 9, 30)),
            ("落实差别化政策", D(2026, 12, 15)),
        ),
        weight=Decimal("2"),
    ),
    ItemSpec(
        code="3-05",
        kind=K.TASK,
        title="推动园区“腾笼换鸟”“凤凰涅槃”",
        description="对闲置和低效用地分类处置，通过收回、收购、合作开发等方式腾出空间，引进优质项目落地。",
        expected="全年盘活闲置低效用地500亩。",
        leader="changwu",
        lead="TQGYY",
        co=("ZRJ", "TCZX", "GXJ"),
        start=D(2026, 6, 1),
        due=D(2026, 12, 31),
        profile="lagging",
        milestones=(
            ("确定首批腾退地块", D(2026, 7, 31)),
            ("新项目签约落地", D(2026, 11, 30)),
        ),
        metric=Metric("已盘活闲置低效用地{0}亩（目标500亩）", (0,), (500,)),
    ),
    ItemSpec(
        code="3-06",
        kind=K.TASK,
        title="制定完善楼宇经济发展规划",
        description="全面调查全区商务楼宇的面积、入驻、税收情况，明确楼宇经济发展定位、空间布局和重点产业。",
        expected="6月底前楼宇经济发展规划印发实施。",
        leader="fqz_shangwu",
        lead="SWJ",
        co=("FGJ", "ZRJ", "ZJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 6, 30),
        profile="done",
        milestones=(
            ("完成楼宇资源调查", D(2026, 4, 30)),
            ("规划征求意见", D(2026, 5, 31)),
            ("规划印发实施", D(2026, 6, 30)),
        ),
    ),
    ItemSpec(
        code="3-07",
        kind=K.TASK,
        title="出台现代服务业高质量发展若干政策，设立奖励扶持专项资金",
        description="出台《关于加快现代服务业高质量发展的若干政策》，设立现代服务业奖励扶持专项资金，制定资金管理办法并兑现首批资金。",
        expected="政策印发实施，专项资金首批兑现。",
        leader="changwu",
        lead="FGJ",
        co=("CZJ", "SWJ", "SWUJ"),
        start=D(2026, 4, 1),
        due=D(2026, 7, 31),
        profile="done",
        milestones=(
            ("政策印发", D(2026, 6, 20)),
            ("制定专项资金管理办法", D(2026, 6, 30)),
            ("首批资金兑现", D(2026, 7, 31)),
        ),
        weight=Decimal("1.5"),
    ),
    ItemSpec(
        code="3-08",
        kind=K.KEY_WORK,
        title="重点引进“零土地”、轻资产科技型企业和金融服务企业",
        description="建立目标企业库，开展楼宇经济专题招商，重点引进不占用土地的科技型企业和金融服务企业。",
        expected="全年引进“零土地”轻资产企业40家。",
        leader="fqz_shangwu",
        lead="TCZX",
        co=("KJJ", "CZJ", "SWJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("建立招引目标企业库", D(2026, 4, 30)),
            ("举办楼宇经济专题招商推介会", D(2026, 9, 30)),
        ),
        metric=Metric("已引进“零土地”轻资产企业{0}家（目标40家）", (0,), (40,)),
    ),
    ItemSpec(
        code="3-09",
        kind=K.KEY_WORK,
        title="深入推进“腾楼换企”工程",
        description="梳理低效、闲置楼宇清单，引导业主腾退低效业态，引进税收贡献高的企业入驻。",
        expected="全年腾退盘活楼宇面积8万平方米。",
        leader="fqz_shangwu",
        lead="SWJ",
        co=("ZJJ", "XH", "XHUA", "TQ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="lagging",
        milestones=(
            ("梳理低效闲置楼宇清单", D(2026, 5, 31)),
            ("完成首批楼宇腾退招商", D(2026, 10, 31)),
        ),
        metric=Metric("已腾退盘活楼宇面积{0}万平方米（目标8万平方米）", (0,), (8,), 1),
    ),
    ItemSpec(
        code="3-10",
        kind=K.TASK,
        title="“一楼一策”提升入驻率和单位面积税收贡献率",
        description="对重点商务楼宇逐栋制定提升方案，明确主导业态、招商目标和服务措施，定期评估入驻率和单位面积税收。",
        expected="重点楼宇平均入驻率达到85%以上。",
        leader="fqz_shangwu",
        lead="SWJ",
        co=("SWUJ", "XH", "XHUA"),
        start=D(2026, 4, 15),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("完成重点楼宇“一楼一策”方案", D(2026, 6, 30)),
            ("开展楼宇入驻率和税收贡献评估", D(2026, 10, 31)),
        ),
        metric=Metric("重点楼宇平均入驻率{0}%", (68,), (86,)),
    ),
    ItemSpec(
        code="3-11",
        kind=K.KEY_WORK,
        title="引进培育楼宇企业100家以上",
        description="以重点楼宇为载体开展精准招商，培育楼宇总部企业和特色楼宇。",
        expected="全年引进培育楼宇企业100家以上。",
        leader="fqz_shangwu",
        lead="SWJ",
        co=("TCZX", "XH", "XHUA", "TQ", "YH"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("上半年累计引进30家", D(2026, 6, 30)),
            ("前三季度累计引进60家", D(2026, 9, 30)),
        ),
        weight=Decimal("1.5"),
        metric=Metric("已引进培育楼宇企业{0}家（目标100家）", (0,), (100,)),
    ),
    ItemSpec(
        code="3-12",
        kind=K.KEY_WORK,
        title="楼宇经济贡献税收突破6亿元",
        description="建立楼宇税收统计监测制度，按月分析重点楼宇税收，做好税源培植和属地注册服务。",
        expected="楼宇经济全年贡献税收突破6亿元。",
        leader="changwu",
        lead="SWUJ",
        co=("SWJ", "CZJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("建立楼宇税收统计监测制度", D(2026, 4, 30)),
            ("前三季度楼宇税收过4亿元", D(2026, 10, 15)),
        ),
        weight=Decimal("1.5"),
        metric=Metric("楼宇经济累计贡献税收{0}亿元（目标6亿元）", (0,), (6,), 2),
    ),
    ItemSpec(
        code="3-13",
        kind=K.TASK,
        title="着力打造“立体产业园”：新湖街道楼宇经济集聚区建设",
        description="以辖区重点商务楼宇为主体，改造提升楼宇配套，集中引进科技服务、金融服务企业，打造楼宇经济集聚区。",
        expected="集聚区楼宇入驻率达到85%。",
        leader="fqz_shangwu",
        lead="XH",
        co=("SWJ", "ZJJ"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("完成集聚区楼宇改造提升", D(2026, 7, 31)),
            ("集聚区入驻率达到85%", D(2026, 12, 15)),
        ),
    ),
    # 4 攻落实不快之“坚”
    ItemSpec(
        code="4-01",
        kind=K.MATTER,
        title="区委常委包保企业，真帮实包",
        description="区委常委每人包保重点企业，带头践行“一线工作法”，定期走访，帮助企业解决生产经营中的困难。",
        expected="包保企业每季度至少走访一次，企业诉求件件有回音。",
        leader="shuji",
        lead="QWB",
        co=("GXJ", "DCS"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("确定区委常委包保企业名单", D(2026, 4, 15)),
            ("完成首轮包保企业走访", D(2026, 5, 31)),
            ("开展包保工作半年评估", D(2026, 7, 31)),
        ),
        weight=Decimal("1.5"),
        steps=(
            "确定包保名单，建立工作台账",
            "开展走访对接，收集企业诉求",
            "分类交办企业问题，限时办结",
            "开展回头看，巩固帮扶成效",
            "总结包保经验，形成长效机制",
        ),
        metric=Metric("区委常委累计走访包保企业{0}家次", (0,), (180,)),
    ),
    ItemSpec(
        code="4-02",
        kind=K.MATTER,
        title="包保企业问题实行销号管理，限期见底清零",
        description="建立企业问题台账，逐项明确责任单位和办结时限，办结一件、销号一件，确保问题限期见底清零。",
        expected="企业问题办结销号率100%。",
        leader="shuji",
        lead="DCS",
        co=("GXJ", "QWB"),
        start=D(2026, 4, 15),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("建立企业问题销号台账", D(2026, 4, 30)),
            ("上半年问题清零", D(2026, 6, 30)),
            ("全年问题见底清零", D(2026, 12, 20)),
        ),
        weight=Decimal("1.5"),
        metric=Metric("已办结销号包保企业问题{0}个", (0,), (146,)),
    ),
    ItemSpec(
        code="4-03",
        kind=K.TASK,
        title="建立重点工程、重大项目、重要事项责任清单",
        description="逐项明确牵头领导、责任单位、完成时限和节点目标，对各项重点工作亲自部署、亲自过问、亲自调度、亲自督办。",
        expected="4月底前三张责任清单印发并录入平台。",
        leader="quzhang",
        lead="DCS",
        co=("FGJ", "QWB", "ZFB"),
        start=D(2026, 3, 25),
        due=D(2026, 4, 30),
        profile="done",
        milestones=(("印发三张责任清单", D(2026, 4, 20)),),
    ),
    ItemSpec(
        code="4-04",
        kind=K.TASK,
        title="12项攻坚任务逐个制定落实方案，实行清单化管理",
        description="对市里部署的12项攻坚任务逐个制定落实方案，分解为清单事项，明确节点和责任，按月报送、审核、通报。",
        expected="12项攻坚任务落实方案全部印发，任务清单全部录入平台。",
        leader="shuji",
        lead="DCS",
        co=("QWB", "ZFB"),
        start=D(2026, 3, 25),
        due=D(2026, 4, 30),
        profile="done",
        milestones=(
            ("12项攻坚任务落实方案印发", D(2026, 4, 25)),
            ("任务清单录入平台", D(2026, 4, 30)),
        ),
        weight=Decimal("1.5"),
    ),
    ItemSpec(
        code="4-05",
        kind=K.TASK,
        title="领导干部带头践行“一线工作法”，亲自部署、亲自过问、亲自调度、亲自督办",
        description="建立领导干部一线工作台账，记录各项重点工作的部署、过问、调度和督办情况，扭住不放、一抓到底。",
        expected="每项重点工作均有牵头领导一线推动记录。",
        leader="shuji",
        lead="QWB",
        co=("ZFB", "DCS"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(("建立领导干部一线工作台账", D(2026, 4, 30)),),
    ),
    ItemSpec(
        code="4-06",
        kind=K.TASK,
        title="建立量化预警机制",
        description="对清单事项按序时进度量化评分，对进度滞后、节点逾期的事项分级发出黄色、红色预警并跟踪督办。",
        expected="6月底前量化预警办法印发，预警在平台上运行。",
        leader="quzhang",
        lead="DCS",
        co=("TJJ", "ZZB"),
        start=D(2026, 4, 1),
        due=D(2026, 6, 30),
        profile="done",
        milestones=(
            ("制定量化预警办法", D(2026, 5, 15)),
            ("预警机制上线运行", D(2026, 6, 30)),
        ),
    ),
    ItemSpec(
        code="4-07",
        kind=K.TASK,
        title="落实容错免责机制",
        description="制定容错免责实施细则，明确容错情形和认定程序，为敢于担当、踏实做事的干部撑腰鼓劲。",
        expected="容错免责实施细则印发，开展案例宣讲。",
        leader="zuzhi",
        lead="ZZB",
        co=("QWB",),
        start=D(2026, 4, 15),
        due=D(2026, 7, 31),
        profile="done",
        milestones=(
            ("制定容错免责实施细则", D(2026, 6, 30)),
            ("开展容错免责案例宣讲", D(2026, 7, 31)),
        ),
    ),
    ItemSpec(
        code="4-08",
        kind=K.TASK,
        title="组工干部一线考察识别，完善激励关怀机制",
        description="组工干部深入攻坚一线考察识别干部，把攻坚成效作为评价使用干部的重要依据，落实激励关怀措施，"
        "鼓励实干者、鞭策不为者、惩戒逾矩者。",
        expected="9月底前完成一线考察，首批激励关怀措施落实到位。",
        leader="zuzhi",
        lead="ZZB",
        co=("DCS", "CZJ"),
        start=D(2026, 4, 15),
        due=D(2026, 9, 30),
        profile="overdue",
        milestones=(
            ("制定一线考察识别办法", D(2026, 5, 31)),
            ("完成年中一线考察", D(2026, 8, 31)),
            ("落实首批激励关怀措施", D(2026, 9, 30)),
        ),
    ),
    ItemSpec(
        code="4-09",
        kind=K.TASK,
        title="重点工作月度调度和督查通报",
        description="每月召开重点工作调度会，督查室审核各单位进展报告，按月发布督查通报，对滞后事项跟踪督办。",
        expected="全年调度会和督查通报按月开展，滞后事项督办到位。",
        leader="quzhang",
        lead="DCS",
        co=("QWB", "ZFB"),
        start=D(2026, 4, 1),
        due=D(2026, 12, 31),
        profile="steady",
        milestones=(
            ("建立月度调度会制度", D(2026, 4, 15)),
            ("发布上半年督查通报", D(2026, 7, 10)),
        ),
    ),
]
