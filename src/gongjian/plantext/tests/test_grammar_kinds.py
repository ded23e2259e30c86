"""The grammar, kind by kind, on sentences of the forms found in public texts (gold_public/ names the sources)."""

import datetime as dt

import pytest

from gongjian.plantext.extract import extract
from gongjian.plantext.normalise import normalise

DOC = dt.date(2026, 3, 1)


def run(text, today=DOC):
    return extract(normalise(text).text, today)


def targets(text, today=DOC):
    return [(t.indicator, t.comparator, t.value, t.unit) for t in run(text, today).targets]


def measures(text, today=DOC):
    return [(m.title, m.lead, m.period.end if m.period else None) for p in run(text, today).pillars for m in p.measures]


# ---------------------------------------------------------------- 1. task lists


def test_task_list_line_with_lead_unit_and_deadline_in_brackets():
    draft = run("1.新引进亿元以上产业项目不少于5个（牵头单位：区商务局；完成时限：12月底前）\n")
    (t,) = draft.targets
    assert (t.indicator, t.comparator, t.value, t.unit) == ("新引进亿元以上产业项目", ">=", 5, "个")
    assert t.lead == "区商务局"
    assert t.period.end == "2026-12-31"


def test_task_list_lead_unit_on_the_lines_after_the_item():
    text = (
        "1.努力实现地区生产总值增长6.2%左右。\n牵头单位:区发改局\n责任单位:立山经济开发区\n"
        "2.社会消费品零售总额增长9%左右。\n牵头单位:区商务局\n责任单位:各街道,区市场局\n"
    )
    leads = [(t.indicator, t.lead) for t in run(text).targets]
    assert leads == [("地区生产总值增长", "区发改局"), ("社会消费品零售总额增长", "区商务局")]


def test_task_list_measure_with_lead_unit_in_brackets_and_responsible_units():
    text = (
        "（一）加快建设东部、花都、南沙三大汽车产业基地。（牵头单位：市经贸委；配合单位：市发改委、规划局）\n"
        "（二）推进东部石化基地建设。（市发改委、市经贸委牵头，各区政府按职责分工负责）\n"
        "3.大力开展爱国卫生运动。\n责任单位：市卫生健康委、各区政府\n"
    )
    assert measures(text) == [
        ("加快建设东部、花都、南沙三大汽车产业基地", "市经贸委", None),
        ("推进东部石化基地建设", "市发改委", None),
        ("大力开展爱国卫生运动", "市卫生健康委", None),
    ]


def test_count_with_target_after_it_in_a_list():
    assert targets("二、培育省级专精特新企业10家以上。\n三、新开工改造城镇老旧小区1405个。\n") == [
        ("培育省级专精特新企业", ">=", 10, "家"),
        ("新开工改造城镇老旧小区", "=", 1405, "个"),
    ]


# ---------------------------------------------------------------- 2. counts that are not targets


@pytest.mark.parametrize(
    "text",
    [
        "今年确定了12项重点任务，出台8条措施，召开3次调度会。",
        "《分工方案》将《政府工作报告》分解为五个方面79项重点工作任务。",
        "现将《规划》中明确提出的9项具体建设任务和7项重点建设项目进行责任分解。",
        "十四届全国人大四次会议在北京开幕。",
        "落细落实安全生产十五条硬措施，进一步优化四项机制。",
        "共安排十方面共32项。",
        "在前期尚未开工的54个项目中，已有15个项目开工。",
        "1—5月，全市招商引资履约项目670个，完成全年目标任务的43.36%。",
        "将对标“四个一流”，做好五个强化，实现五个新突破。",
        "2025年《政府工作报告》明确145项目标任务，欠进度的有17个，占总任务的7.7%。",
        "区委区政府共兴办17件惠民实事项目（含25个子项目）。",
        "常务会议确定的22件事项中，16件正在办理。",
        "城镇新增就业1256万人……政府工作报告中一项项数据，串联起2024年不凡历程。",
    ],
)
def test_counts_that_describe_the_document_or_events_are_not_targets(text):
    assert targets(text) == []


def test_a_count_governed_by_an_action_is_a_target():
    assert targets("新增共享充电桩示范小区10个；建立10个未成年人保护工作站。") == [
        ("新增共享充电桩示范小区", "=", 10, "个"),
        ("未成年人保护工作站", "=", 10, "个"),
    ]


def test_past_sections_and_paragraphs_give_no_targets():
    text = (
        "一、2025年工作回顾\n全市生产总值达到5.67万亿元、增长5.4%。\n"
        "三、2026年主要预期目标\n经济增长5%左右，城镇新增就业60万人以上。\n"
        "2010年是很不平凡的一年。全县生产总值实现59.1亿元，增长15.5%。\n"
    )
    assert targets(text) == [("经济增长", "~", 5, "%"), ("城镇新增就业", ">=", 600000, "人")]


# ---------------------------------------------------------------- 3. targets after their value, without a verb


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GDP增长7%左右。", ("GDP增长", "~", 7, "%")),
        ("增速目标6.5%。", ("增速目标", "=", 6.5, "%")),
        ("实现增幅8%的目标。", ("增幅", "=", 8, "%")),
        ("地区生产总值增长6%—7%。", ("地区生产总值增长", "range", [6, 7], "%")),
        ("五年的时间，达到1000亿元的工业开票销售收入。", ("工业开票销售收入", ">=", 100000000000, "元")),
        ("今年赤字率拟按4%左右安排。", ("赤字率拟按", "~", 4, "%")),
    ],
)
def test_targets_after_their_value_or_without_a_verb(text, expected):
    assert targets(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("其他主要经济指标不低于全市平均水平。", ("其他主要经济指标", ">=", "全市平均水平", "")),
        ("居民收入增长与经济增长基本同步。", ("居民收入增长", "=", "经济增长", "")),
        ("单位GDP能耗下降完成省下达任务。", ("单位GDP能耗下降", "=", "省下达任务", "")),
    ],
)
def test_relative_targets_are_recorded_as_such(text, expected):
    (t,) = run(text).targets
    assert (t.indicator, t.comparator, t.value, t.unit) == expected
    assert t.kind == "relative"


# ---------------------------------------------------------------- 4. ceilings and index targets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("城镇调查失业率控制在5.5%以内。", ("城镇调查失业率", "<=", 5.5, "%")),
        ("居民消费价格涨幅3%左右。", ("居民消费价格涨幅", "~", 3, "%")),
        ("居民消费价格指数控制在102.5以内。", ("居民消费价格指数", "<=", 102.5, "")),
        ("PM2.5平均浓度控制在35微克/立方米以下。", ("PM2.5平均浓度", "<=", 35, "微克/立方米")),
    ],
)
def test_ceilings_and_index_targets(text, expected):
    assert targets(text) == [expected]


# ---------------------------------------------------------------- 5. one sentence, several subjects


def test_respectively_gives_one_target_per_subject():
    assert targets("规上工业增加值、固定资产投资、社会消费品零售总额分别增长8%、9%和10%。") == [
        ("规上工业增加值增长", "=", 8, "%"),
        ("固定资产投资增长", "=", 9, "%"),
        ("社会消费品零售总额增长", "=", 10, "%"),
    ]


def test_respectively_across_clauses_with_a_shared_comparator():
    text = "到2027年，全区高新技术企业和科技型企业实现“双倍增”，分别超过90家和870家。"
    assert targets(text, dt.date(2023, 6, 16)) == [("高新技术企业", ">", 90, "家"), ("科技型企业", ">", 870, "家")]


def test_both_double_and_both_reach():
    assert targets("高新技术企业和科技型企业实现翻番。") == [
        ("高新技术企业", "=", 2, "倍"),
        ("科技型企业", "=", 2, "倍"),
    ]
    assert targets("城镇和农村居民人均可支配收入均达到3万元。") == [
        ("城镇居民人均可支配收入", ">=", 30000, "元"),
        ("农村居民人均可支配收入", ">=", 30000, "元"),
    ]


# ---------------------------------------------------------------- 6. periods


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("力争新增规上企业20家。", None),
        ("全年新增规上企业20家。", "2026-12-31"),
        ("到2027年，新增专精特新企业三十五家。", "2027-12-31"),
        ("“十五五”末，数字经济核心产业增加值占比达到12%。", "2030-12-31"),
        ("三年内建成两个产业园区。", "2028-12-31"),
        ("6月底前完成老旧小区改造20个。", "2026-06-30"),
        ("到2017年，PM10平均浓度比2012年下降10%以上。", "2017-12-31"),
    ],
)
def test_periods(text, end):
    (t,) = run(text, dt.date(2026, 3, 1) if "2017" not in text else dt.date(2013, 12, 30)).targets
    assert (t.period.end if t.period else None) == end


def test_the_period_of_a_plan_heading_is_the_default():
    text = "二、“十五五”时期主要目标\n全社会研发经费投入年均增长7%以上\n人均预期寿命提高到80岁\n"
    found = [(t.indicator, t.value, t.unit, t.period.end) for t in run(text).targets]
    assert found == [
        ("全社会研发经费投入年均增长", 7, "%", "2030-12-31"),
        ("人均预期寿命", 80, "岁", "2030-12-31"),
    ]


# ---------------------------------------------------------------- 7. measures


def test_action_sentences_without_numbers_are_measures():
    text = (
        "（一）建立乡镇、县级部门招商引资“红黑榜”制度。\n"
        "（二）推行双周例会制度，持续开展制造业招商引资“百日攻坚”活动。\n"
        "（三）市政府督考办要加大督查考核力度。\n"
        "（四）各县（区）要认真研究制定本地工作方案。\n"
        "增收：制定实施城乡居民增收计划。\n"
    )
    assert [(title, lead) for title, lead, _end in measures(text)] == [
        ("建立乡镇、县级部门招商引资“红黑榜”制度", ""),
        ("推行双周例会制度", ""),
        ("持续开展制造业招商引资“百日攻坚”活动", ""),
        ("市政府督考办要加大督查考核力度", "市政府督考办"),
        ("各县（区）要认真研究制定本地工作方案", ""),
        ("制定实施城乡居民增收计划", ""),
    ]


def test_columns_of_a_task_list_are_not_measures():
    assert measures("建立重点项目专班推进机制。牵头单位：区发改局。完成时限：6月底前\n") == [
        ("建立重点项目专班推进机制", "区发改局", "2026-06-30")
    ]


# ---------------------------------------------------------------- 8. numbers as people write them


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新增专精特新企业三十五家。", ("新增专精特新企业", "=", 35, "家")),
        ("帮扶就业困难人员再就业两千人。", ("帮扶就业困难人员再就业", "=", 2000, "人")),
        ("完成老旧小区改造２０个。", ("完成老旧小区改造", "=", 20, "个")),
        ("力争全年新签约项目总额400亿元。", ("新签约项目总额", "=", 40000000000, "元")),
        ("安排资金537万元。", ("安排资金", "=", 5370000, "元")),
    ],
)
def test_numbers_as_written(text, expected):
    assert targets(text) == [expected]


def test_the_quantity_is_kept_as_written():
    (t,) = run("力争全年新签约项目总额400亿元。").targets
    assert t.written == "400亿元"


def test_the_year_of_the_title_is_the_document_year():
    draft = run("2025年政府工作报告\n全年新增规上企业20家。\n", dt.date(2026, 3, 1))
    (t,) = draft.targets
    assert t.period.end == "2025-12-31"
    assert {"code": "title_year", "year": 2025, "given": 2026} in draft.warnings
    assert [w["code"] for w in run("2026年政府工作报告\n全年新增规上企业20家。\n").warnings] == ["no_pillars"]


# ---------------------------------------------------------------- dev batch 4 (gold_public/55–65)


@pytest.mark.parametrize(
    "text",
    [
        # 55 (竹山): the size of the list just named
        "持续培育壮大卫浴汽配电子、农产品加工、绿松石、水电光伏清洁能源、文旅康养5个百亿级产业集群。",
        # 65 (a county bureau's plan): the named projects, counted
        "对牵头的50万吨盐化工、万隆国际商城、山联机械、风力发电等5个县级领导包保项目，各明确一名科级领导。",
        # 56 (福州): chains and links, counted
        "瞄准电子信息、精细化工、生物医药等7条产业链24个缺失环节和44个薄弱环节。",
    ],
)
def test_the_total_of_a_list_just_named_is_not_a_target(text):
    assert targets(text) == []


def test_a_list_of_projects_to_finish_is_a_target_and_two_counted_actions_are_no_list():
    # 58 (和龙): the named projects are to be finished; 20 (上海): two targets joined by 、
    assert targets("争取光东村农业融合产业园、甄峰风电二期、智慧物流等19个项目年内完工。") == [
        ("项目年内完工", "=", 19, "个")
    ]
    assert [t[2] for t in targets("打造100个“社会大美育”课堂、推出5000场艺术普及教育活动。")] == [100, 5000]


def test_criteria_of_what_counts_are_not_targets():
    # 56 (福州): what a project must be to count, and the threshold of a subject in brackets
    text = (
        "全年新落地产业项目560个以上。其中，一产单个项目总投资不低于3000万元，二产单个项目总投资不低于3亿元"
        "（技改不低于1亿元），三产单个项目总投资不低于5000万元。\n全年新开工亿元（永泰、闽清3000万元）以上项目580个。\n"
    )
    assert targets(text) == [("新落地产业项目", ">=", 560, "个"), ("新开工亿元以上项目", "=", 580, "个")]


def test_at_least_a_count_whose_noun_opens_with_its_threshold():
    # 55 (竹山)
    assert targets("至少引进1个30亿元以上及若干个10亿元以上工业项目。") == [
        ("30亿元以上及若干个10亿元以上工业项目", ">=", 1, "个")
    ]


def test_a_share_of_a_group_is_the_target_and_its_threshold_is_not():
    # 60 (a county report)
    assert targets("力争实现20%的村集体年收入超30万元，新增年收入超50万元的经济强村5个。") == [
        ("村集体年收入超30万元", "=", 20, "%"),
        ("新增年收入超50万元的经济强村", "=", 5, "个"),
    ]


def test_a_goal_label_and_a_change_restating_the_level():
    # 57 (东营): 发展目标。 makes 同比 part of the target; 比2020年增加 restates the level
    text = "1.发展目标。2021年产业增加值达到21.31亿元，比2020年增加2.94亿元，同比增速16%以上。"
    assert targets(text, dt.date(2021, 3, 1)) == [
        ("产业增加值", ">=", 2131000000, "元"),
        ("同比增速", ">=", 16, "%"),
    ]


def test_a_doubling_programme_named_without_years_and_the_three_sectors_are_not_targets():
    # 61 (京口), 65
    text = "实施高性能铝材料、木业精深加工、装备制造倍增计划，力争四大产业规模三年翻番。力争三次产业协调发展。"
    assert targets(text, dt.date(2020, 5, 13)) == [("四大产业规模", "=", 2, "倍")]


def test_key_projects_kept_in_view_are_a_scope_target():
    # 56 (福州): 重点 names the kind of project here, not a part of the document
    assert targets("紧盯100个重点技术改造项目。") == [("重点技术改造项目", "=", 100, "个")]


# ---------------------------------------------------------------- dev batch 5 (gold_public/66–72)


@pytest.mark.parametrize(
    "text",
    [
        # 66 (龙华): an estimate of the year just ended opens the paragraph
        "区政府圆满完成了全年目标任务。\n预计地区生产总值超过2100亿元，增长8.8%左右；新增国家高新技术企业560家。\n",
        # 70 (二七): 初步预计，with the earlier year
        "初步预计，2017年全年二七区生产总值完成567亿元，增长9%；一般公共预算收入完成29.4亿元。\n",
        # 68 (广州): the paragraph says it reviews an earlier year
        "报告首先回顾了2017年工作。预计全年地区生产总值2.15万亿元，比上年增长7%以上。完成固定资产投资6000亿元，增长8%左右。\n",
        # 72 (a county speech): a numbered heading with commas about the year's results
        "一、认真总结成绩，准确把握态势，始终保持加快发展的劲头\n“八个增长”：国内生产总值19.5亿元，增长15.6%；非税收入7208万元。\n",
        # 69 (白云): a definition of a name
        "“一圈”指以新白云国际机场为核心辐射带动的北部四个镇空港经济圈。",
    ],
)
def test_results_estimates_and_definitions_give_no_targets(text):
    assert targets(text, dt.date(2018, 1, 24)) == []


def test_a_title_repeating_a_target_of_the_prose_gives_it_once():
    # 68 (广州), 70 (二七)
    text = (
        "广州市人大会议开幕\n今年GDP预期增长7.5%左右\n今年经济社会发展主要预期目标是：地区生产总值增长7.5%左右。\n"
        "新年小目标：涨8%\n2018年，二七区给自己定下了小目标：一般公共预算收入增长8%以上。\n"
    )
    assert targets(text, dt.date(2018, 1, 11)) == [
        ("地区生产总值增长", "~", 7.5, "%"),
        ("一般公共预算收入增长", ">=", 8, "%"),
    ]


def test_micrograms_per_cubic_metre_written_in_latin_letters():
    # 67 (芙蓉)
    assert targets("PM2.5、PM10年均浓度分别低于47μg/m3、61μg/m3，空气质量优良率达到78%以上。") == [
        ("PM2.5年均浓度", "<", 47, "微克/立方米"),
        ("PM10年均浓度", "<", 61, "微克/立方米"),
        ("空气质量优良率", ">=", 78, "%"),
    ]


# ---------------------------------------------------------------- dev batch 6 (gold_public/73–76)


def test_four_doublings_named_by_a_slogan_and_listed_before():
    # 73 (武侯): the slogan is no target; the four indicators listed before 这四项指标 are
    text = (
        "武侯区将力争实现“四个翻番”，就是人均GDP、财政总收入、城镇居民人均可支配收入、服务业增加值这四项指标，"
        "在2011年的基础上到2016年要翻一番。"
    )
    draft = run(text, dt.date(2015, 5, 11))
    assert [(t.indicator, t.value, t.unit, t.period.end) for t in draft.targets] == [
        (name, 2, "倍", "2016-12-31") for name in ("人均GDP", "财政总收入", "城镇居民人均可支配收入", "服务业增加值")
    ]


def test_a_task_naming_what_is_built_and_an_elided_object():
    # 73 (武侯)
    text = (
        "从2013年8月到今年底全面完成14个棚户区改造任务。"
        "红牌楼有18个专业市场，通过一年多努力已经调迁了3个，今年争取完成2个。"
    )
    assert targets(text, dt.date(2015, 5, 11)) == [("棚户区改造任务", "=", 14, "个"), ("完成专业市场", "=", 2, "个")]


def test_an_ended_five_year_plan_and_topics_counted_give_no_targets():
    # 75 (昌江), 74 (金水)
    text = (
        "整个“十二五”时期，我们昌江区的生产总值、财政总收入分别以年均9.4%和15.9%的速度增长。"
        "金水区在市内六区的经济指标、三项主体工作（新型城镇化建设）成绩不甚乐观；建成10个未成年人保护工作站。"
    )
    assert targets(text, dt.date(2016, 9, 1)) == [("未成年人保护工作站", "=", 10, "个")]


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("十一五期间", "2006-01-01", "2010-12-31"),
        ("“十二五”时期", "2011-01-01", "2015-12-31"),
        ("十五五末", "2026-01-01", "2030-12-31"),
    ],
)
def test_five_year_plans_by_number(name, start, end):
    from gongjian.plantext.extract.grammar import _PERIOD_RE
    from gongjian.plantext.extract.periods import _period

    period = _period(_PERIOD_RE.search(name), DOC)
    assert (period.start, period.end) == (start, end)


# ---------------------------------------------------------------- dev batch 7 (gold_public/77–80)


def test_the_cost_of_a_task_is_not_a_target_and_table_columns_are_separate():
    # 79 (新昌), 77 (潜江); 总投资 of a set of projects stays a target (the fixture corpus)
    text = (
        "3.农村道路改造提升项目 | 投资5000万元，提升改造低等级公路40公里；投资2250万元，亮化农村公路75公里。 | 10月 |\n"
        "投资200亿元，实施工业项目“155”工程。全年实施重点项目120个，总投资超过800亿元。\n"
    )
    assert targets(text) == [
        ("提升改造低等级公路", "=", 40, "公里"),
        ("亮化农村公路", "=", 75, "公里"),
        ("实施重点项目", "=", 120, "个"),
        ("总投资", ">", 80000000000, "元"),
    ]


def test_a_task_set_from_above_names_its_indicator():
    # 77 (潜江)
    assert targets("城镇登记失业率控制在4.5%以内；全面完成省下达节能减排任务。") == [
        ("城镇登记失业率", "<=", 4.5, "%"),
        ("节能减排", "=", "省下达节能减排任务", ""),
    ]


def test_one_target_stated_twice_is_one_target():
    # 80 (福田): the statement with 左右 is kept
    text = "福田今年将采取六大措施努力实现GDP增长10%的目标。为实现今年GDP增长10%左右的目标，福田区制定了六大措施。"
    assert [(t[1], t[2]) for t in targets(text, dt.date(2009, 5, 14))] == [("~", 10)]
    assert len(targets("地区生产总值增长10%，农业总产值增长10%。")) == 2


# ---------------------------------------------------------------- dev batch 8 (gold_public/81–83)


def test_what_the_last_years_brought_and_an_approach_to_a_level():
    # 81 (九江): N年来 and a paragraph opening with 目前 report; 接近 is about
    text = (
        "到2020年九江GDP要突破3000亿元，城镇居民人均可支配收入要接近4万元。\n"
        "目前，九江已经具备了赶超发展的基础和条件。3年来，九江市本级财政城建投入450亿元。"
        "引进、建设、竣工亿元以上工业和基础设施项目近500个，其中10亿元以上项目40多个。\n"
    )
    assert targets(text, dt.date(2012, 12, 12)) == [
        ("九江GDP", ">", 300000000000, "元"),
        ("城镇居民人均可支配收入", "~", 40000, "元"),
    ]


def test_a_speakers_tag_and_an_invitation_give_no_targets():
    # 82 (a press centre): the tag is garbled by the copy (二十台北…); the event invites 31 delegations
    text = (
        "二十台北汽车材料大新闻中心负责人、中央宣传部对外新闻局副局长 寿小丽：\n"
        "大会期间，新闻中心将举行5场集体采访，邀请31个省（区、市）代表团介绍有关情况。\n"
    )
    assert targets(text, dt.date(2022, 10, 18)) == []


# ---------------------------------------------------------------- dev batch 9 (gold_public/84–87)


@pytest.mark.parametrize(
    "text",
    [
        # 84 (电白): the present state, and what there is
        "现在我们建起的食品加工厂有18家，其中比较大型的、年产量达到一万吨以上的达到5家。",
        "我们建起的纺织厂有12家，最大的一家有工人3000人。",
        # 87 (万年): exceeding the plan's target is a result, 计划目标 no goal marker
        "2005年，全县共完成生产总值19.33亿元，超“十五”计划目标3.73亿元。",
    ],
)
def test_the_present_state_and_a_plan_exceeded_give_no_targets(text):
    assert targets(text, dt.date(2007, 3, 20)) == []


def test_a_threshold_before_the_count_it_qualifies():
    # 84 (电白), stated as a goal
    assert targets("力争年产量达到一万吨以上的企业达到5家。") == [("年产量达到一万吨以上的企业", ">=", 5, "家")]


def test_an_amount_in_yi_without_its_unit_after_a_comparator():
    # 85 (扶绥): 百亿 is 10,000,000,000 元; a population of 14亿 is no amount
    text = "我们争取到2012年，一个是GDP超过百亿，一个是工业总产值超过百亿。我国人口14亿，土地辽阔。"
    assert targets(text, dt.date(2010, 1, 15)) == [
        ("GDP", ">", 10000000000, "元"),
        ("工业总产值", ">", 10000000000, "元"),
    ]
