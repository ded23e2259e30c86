"""The grammar on the forms of dev batch 10 (gold_public/88–98 name the sources): results reports, restatements of a
target, several subjects under 城乡, thousands separators, slogans and a translation beside the Chinese text."""

import datetime as dt

from gongjian.plantext.tests.test_grammar_kinds import run, targets

Y2021 = dt.date(2021, 3, 5)


# ---------------------------------------------------------------- 2. counts and figures that are not targets


def test_done_items_are_results():  # 95: a livelihood programme's completion
    assert targets("(一)已新增老年助餐服务点235个、新增认知障碍照护专区床位1202张,整体完成率111.5%。") == []
    assert targets("(九)已建成“宁静小区”64个,完成率138%。") == []


def test_a_result_measured_against_the_plan_is_no_target():  # 96
    assert targets("完成投资5.04亿元,比年度计划高20.3个百分点。") == []
    assert targets("完成投资0.4亿元,与年度计划持平。") == []


def test_a_text_opening_with_completion_reports_results():  # 96: the whole report is about results
    text = (
        "记者从区人大会议上获悉:\n"
        "2024年区级重点民生实事项目 全部完成, 累计完成投资14.4亿元。\n"
        "生活污水处理能力提升\n新建、改建城乡污水管网95公里。\n安装农村公路生命安全防护栏150公里。\n"
    )
    assert targets(text) == []


def test_a_plan_after_a_completion_opening_still_gives_targets():
    text = "2024年民生实事已全部完成。\n2025年工作目标\n新建城市公园10个以上。\n"
    assert targets(text) == [("新建城市公园", ">=", 10, "个")]


def test_a_count_in_a_slogan_is_no_target():  # 91, 94
    assert targets("全面建设三个“一”工程。") == []
    assert targets('深入做好金融"五篇大文章",实施省科技重大创新项目10个以上。') == [
        ("实施省科技重大创新项目", ">=", 10, "个")
    ]


def test_a_translation_beside_the_text_gives_no_targets():  # 89
    text = (
        "具体预期目标为:国内生产总值增长6.5%左右。\n"
        "The specific targets are as follows: the gross domestic product (GDP) will increase by about 6.5%.\n"
    )
    assert targets(text) == [("国内生产总值增长", "~", 6.5, "%")]


# ---------------------------------------------------------------- 3. a target stated again, a value without verb


def test_the_goal_named_again_by_its_value_is_the_same_target():  # 88, 90
    text = "今年发展的主要预期目标是:国内生产总值增长6.5%-7%。经济增长预期目标6.5%-7%,考虑了多方面因素。"
    assert targets(text, dt.date(2016, 3, 5)) == [("国内生产总值增长", "range", [6.5, 7], "%")]
    text = "今年发展主要预期目标为国内生产总值增长6%以上。今年预期目标设定为6%以上,考虑了经济运行恢复情况。"
    assert targets(text, Y2021) == [("国内生产总值增长", ">=", 6, "%")]


def test_a_target_stated_twice_word_for_word_is_one_target():  # 90: a news lead and its body
    text = "今年目标为国内生产总值增长6%以上。(央视截图)\n李克强指出,今年目标是国内生产总值增长6%以上。"
    assert targets(text, Y2021) == [("国内生产总值增长", ">=", 6, "%")]


def test_a_bare_growth_after_a_level_is_the_growth_of_that_level():  # 42
    text = "2007年,全区地方财政收入11.13亿元,增长18%;社会消费品零售总额65亿元,增长20%。"
    assert targets(text, dt.date(2007, 2, 7)) == [
        ("地方财政收入", "=", 1113000000, "元"),
        ("地方财政收入增长", "=", 18, "%"),
        ("社会消费品零售总额", "=", 6500000000, "元"),
        ("社会消费品零售总额增长", "=", 20, "%"),
    ]


def test_the_state_council_reporting_is_the_texts_own_voice():  # 88
    text = "国务院总理李克强5日作政府工作报告时说,今年发展的主要预期目标是:城镇新增就业1000万人以上。"
    assert targets(text, dt.date(2016, 3, 5)) == [("城镇新增就业", ">=", 10000000, "人")]


# ---------------------------------------------------------------- 4. relative targets


def test_completing_the_national_quota_names_a_long_indicator():  # 94
    ((indicator, cmp, value, unit),) = targets("完成国家下达的单位地区生产总值二氧化碳排放降低目标。")
    assert indicator == "单位地区生产总值二氧化碳排放降低" and cmp == "=" and unit == ""
    assert value.startswith("国家下达")


# ---------------------------------------------------------------- 5. several subjects


def test_town_and_country_residents_each_get_their_target():  # 92
    assert targets("确保GDP增长7%,城乡居民人均可支配收入分别增长8%和9%。", dt.date(2024, 1, 1)) == [
        ("GDP增长", "=", 7, "%"),
        ("城镇居民人均可支配收入增长", "=", 8, "%"),
        ("农村居民人均可支配收入增长", "=", 9, "%"),
    ]


def test_a_doubling_takes_the_level_whose_growth_was_just_given():  # 91
    draft = run("今后五年每年财政收入增长20%以上,力争实现四年翻一番。", dt.date(2002, 11, 19))
    assert [(t.indicator, t.comparator, t.value, t.unit) for t in draft.targets] == [
        ("财政收入增长", ">=", 20, "%"),
        ("财政收入", "=", 2, "倍"),
    ]


# ---------------------------------------------------------------- 8. numbers as people write them


def test_a_thousands_separator_is_part_of_the_number():  # 90
    assert targets("今年目标城镇新增就业1,100万人以上,城镇调查失业率5.5%左右。", Y2021) == [
        ("城镇新增就业", ">=", 11000000, "人"),
        ("城镇调查失业率", "~", 5.5, "%"),
    ]


# ---------------------------------------------------------------- dev batch 11: progress reports, periods


def test_a_progress_paragraph_after_a_reporting_lead_is_results():  # 101
    text = "据了解,1~9月份,经开区实现生产总值增长11%,工业投资完成164.77亿元。"
    assert targets(text, dt.date(2017, 10, 1)) == []


def test_the_first_quarters_or_months_of_the_year_report_results():  # 103, 105
    assert targets("前三季度,各出资企业开、复工项目52项,完成投资90.5亿元。", dt.date(2016, 10, 27)) == []
    assert targets("今年前8个月我县新开工项目115个,完成固定资产投资90.1亿元。", dt.date(2013, 10, 9)) == []


def test_progress_against_the_plan_is_no_target():  # 102, 105
    text = "8个省级重点项目完成投资10.55亿元,完成年度投资计划的103.95%,领先时间进度7个百分点。"
    assert targets(text, dt.date(2022, 11, 1)) == []
    text = "生产总值、固投增幅继续保持全市第1,均超计划进度运行;实际利用外资已超额完成全年目标任务。"
    assert targets(text, dt.date(2022, 11, 1)) == []


def test_projects_signed_one_after_another_are_results():  # 102
    assert targets("园区先后签约卓高新材料、万马新材料等41个项目,合同额过百亿。", dt.date(2022, 11, 1)) == []


def test_the_documents_parts_counted_are_its_size():  # 104
    assert targets("今年政府工作目标主要涉及调控目标、城市发展等11个方面,具体任务194项。", dt.date(2006, 3, 31)) == []


def test_a_year_end_deadline_with_its_year_ends_in_that_year():  # 100
    draft = run(
        "今年年底前,新改造农村无害化卫生厕所3万户;2025年年底前农村无害化卫生厕所普及率达到95%。", dt.date(2021, 10, 29)
    )
    assert [(t.indicator, t.value, t.period.end) for t in draft.targets] == [
        ("新改造农村无害化卫生厕所", 30000, "2021-12-31"),
        ("农村无害化卫生厕所普及率", 95, "2025-12-31"),
    ]


# ---------------------------------------------------------------- dev batch 12: lists, ceilings, units, titles


def test_the_word_after_the_last_value_bounds_each_value():  # 107
    text = "财政总收入和地方财政收入分别增长10.6%和12.3%左右。"
    assert targets(text, dt.date(2015, 4, 29)) == [
        ("财政总收入增长", "~", 10.6, "%"),
        ("地方财政收入增长", "~", 12.3, "%"),
    ]


def test_a_ceiling_set_by_the_level_above_is_relative():  # 106
    ((indicator, cmp, value, unit),) = targets("节能减排指标控制在省政府下达的范围之内。", dt.date(2010, 1, 15))
    assert (indicator, cmp, unit) == ("节能减排指标", "<=", "") and value.startswith("省政府下达")


def test_per_mille_and_head_counts_are_units():  # 107, 108
    assert targets("人口自增率控制在2.5‰以内。", dt.date(2015, 4, 29)) == [("人口自增率", "<=", 2.5, "‰")]
    assert targets("能繁母猪正常保有量达到2000头。", dt.date(2022, 5, 30)) == [("能繁母猪正常保有量", ">=", 2000, "头")]


def test_a_plan_titled_with_its_span_is_dated_in_its_first_year():  # 110
    text = "某市乡村振兴三年(2019—2021年)行动方案\n2019年任务:完成新编制村庄规划144个,行政村规划编制率达到100%。\n"
    assert targets(text, dt.date(2019, 3, 1)) == [
        ("完成新编制村庄规划", "=", 144, "个"),
        ("行政村规划编制率", ">=", 100, "%"),
    ]


def test_an_attribute_with_already_is_no_result():  # 110
    assert targets("对已编制完成的村庄规划进行评估,评估率达到50%。") == [("评估率", ">=", 50, "%")]


def test_taking_an_object_with_jiang_marks_no_future():  # 112
    text = "县督查办始终将决策部署的贯彻落实作为首要任务,开展督促检查12轮次,下发督办通知10余份。"
    assert targets("自督查年活动开展以来," + text, dt.date(2017, 8, 1)) == []


def test_a_quota_for_each_and_slogans_are_no_targets():  # 108
    assert targets("每个未改厕村建设3-5户“试点厕”。") == []
    assert targets("确保应纳尽纳、应扶尽扶、动态清零。") == []


# ---------------------------------------------------------------- dev batch 13: events, slogans, relative levels


def test_who_attends_an_event_is_no_target():  # 114
    assert targets("来自全县各条战线的230名人大代表精神饱满,陆续来到会场。", dt.date(2018, 1, 17)) == []


def test_a_quoted_slogan_of_counted_phrases_is_no_target():  # 118
    assert targets("我们将落实“三个高于、五个走在前、七个争上游”部署。", dt.date(2024, 1, 20)) == []


def test_the_figures_of_the_days_event_are_no_targets_but_the_years_plan_is():  # 121
    text = "本次参加开工的项目共29个,总投资326.1亿元,年度计划投资63.3亿元,全年计划实施项目400个。"
    assert targets(text, dt.date(2023, 1, 29)) == [("计划实施项目", "=", 400, "个")]


def test_a_level_above_the_city_to_be_planned_for():  # 118
    text = "主要经济指标按照高于全市2个百分点以上来安排,一般公共预算收入高于全市7个百分点以上。"
    assert [(i, c, v, u) for i, c, v, u in targets(text, dt.date(2024, 1, 20))] == [
        ("主要经济指标按照高于全市", ">=", 2, "个百分点"),
        ("一般公共预算收入高于全市", ">=", 7, "个百分点"),
    ]


# ---------------------------------------------------------------- dev batch 14: reports so far, programmes, scope


def test_a_text_opening_with_the_year_so_far_reports_results():  # 127
    text = "今年以来,我镇深入贯彻工作部署。\n做大现代农业。规模化种植经济作物7.2万亩,开发精品旅游路线2条。\n"
    assert targets(text, dt.date(2024, 7, 1)) == []


def test_a_programme_named_plan_is_no_goal_marker():  # 127
    text = "今年以来,我镇推进示范带建设。\n深入实施村级集体经济倍增计划,发展集体经济项目7个。\n"
    assert targets(text, dt.date(2024, 7, 1)) == []


def test_an_obligation_after_a_speaker_marks_the_targets():  # 103
    text = (
        "“今年前8个月我县已开工项目166个。”\n"
        "周骥说,要切实增强承接产业转移能力,即实施重点项目200个,完成固定资产投资150亿元。\n"
    )
    assert targets(text, dt.date(2013, 10, 9)) == [
        ("实施重点项目", "=", 200, "个"),
        ("完成固定资产投资", "=", 15000000000, "元"),
    ]


def test_relative_targets_set_by_the_level_above_or_the_year():  # 123, 125, 124
    assert targets("各项约束性指标达到上级规定要求。", dt.date(2024, 1, 1)) == [
        ("各项约束性指标", ">=", "上级规定要求", "")
    ]
    ((indicator, cmp, value, _unit),) = targets("力争完成年度单位GDP能耗下降任务目标。", dt.date(2024, 2, 3))
    assert indicator == "单位GDP能耗下降" and cmp == "=" and value.startswith("年度")
    assert [t[0] for t in targets("居民可支配收入、一般公共预算收入与经济增长同步。", dt.date(2024, 1, 20))] == [
        "居民可支配收入",
        "一般公共预算收入",
    ]


def test_an_area_acted_on_is_the_scope_of_a_task():  # 123
    assert targets("加快推进7公顷工业用地报批,启动西侧400亩地块征地拆迁工作。", dt.date(2024, 1, 1)) == [
        ("工业用地报批", "=", 7, "公顷"),
        ("地块征地拆迁工作", "=", 400, "亩"),
    ]


def test_small_counts_bounded_at_the_end_of_a_clause():  # 126
    text = "新发展高山蔬菜种植面积不少于2000亩,推广新品种不少于两只;新发展珍稀菌20万袋以上。"
    assert targets(text, dt.date(2009, 3, 25)) == [
        ("新发展高山蔬菜种植面积", ">=", 2000, "亩"),
        ("推广新品种", ">=", 2, "只"),
        ("新发展珍稀菌", ">=", 200000, "袋"),
    ]


# ---------------------------------------------------------------- dev batch 15: ranks, quotes, facts, 平米


def test_a_rank_among_peers_gives_one_relative_target_per_subject():  # 132
    text = "确保实现“三个翻番、十个增幅位居全市前列”的目标,即GDP、地方财政收入、工业增加值增幅位居全市前列。"
    assert targets(text, dt.date(2008, 2, 1)) == [
        ("GDP增幅", "=", "全市前列", ""),
        ("地方财政收入增幅", "=", "全市前列", ""),
        ("工业增加值增幅", "=", "全市前列", ""),
    ]


def test_a_slogan_in_single_quotes_is_no_target():  # 133
    assert targets("我县将全面彰显‘七个新担当’,以‘1234’工作思路为主线。", dt.date(2025, 2, 24)) == []


def test_a_fact_stressed_and_a_dimension_are_no_targets():  # 135, 131
    assert targets("返乡创业创办的企业占比高达80%以上。", dt.date(2016, 2, 17)) == []
    assert targets("在伊河县城段形成长2.3公里、总面积70万平方米的水面。", dt.date(2010, 2, 9)) == []


def test_square_metres_written_short():  # 130
    ((indicator, cmp, value, unit),) = targets("社区综合服务设施面积达到每百户30平米以上。", dt.date(2023, 5, 6))
    assert (cmp, value, unit) == (">=", 30, "平方米") and indicator.startswith("社区综合服务设施面积")


# ---------------------------------------------------------------- dev batch 16: progress news, shares


def test_a_quarter_that_has_ended_reports_results():  # 140
    text = "日前,记者从市招商局了解到,一季度,我市投资5000万元以上在建内资项目80个。\n"
    assert targets(text, dt.date(2014, 4, 29)) == []
    assert targets("一季度,新开工项目30个。\n", dt.date(2014, 1, 20)) == [("新开工项目", "=", 30, "个")]


def test_an_elapsed_span_and_an_estimate_are_no_targets():  # 141
    assert targets("记者获悉,从7月初到8月中旬,新区密集开工49个项目。", dt.date(2019, 9, 12)) == []
    assert targets("新区预计年内再开工39个项目。", dt.date(2019, 9, 12)) == []


def test_the_years_budget_of_a_set_of_projects_is_no_target():  # 141
    assert targets("总投资10亿元以上的项目有5个,年度计划投资29亿元。", dt.date(2019, 9, 12)) == []


def test_a_share_after_the_places_it_covers():  # 137
    text = "到2027年底前,确保锦江区、青羊区50%的城市社区建成完备的社区嵌入式服务综合体。"
    draft = run(text, dt.date(2024, 8, 7))
    assert [(t.indicator, t.comparator, t.value, t.unit, t.period.end) for t in draft.targets] == [
        ("城市社区建成完备的社区嵌入式服务综合体", "=", 50, "%", "2027-12-31")
    ]
