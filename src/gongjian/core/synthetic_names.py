"""Synthetic names that read like a Chinese district's (pure: no Django imports).

Every function takes a ``random.Random`` so a seed gives the same data again. Names are unique where the
database needs them unique (units, usernames): callers pass an index that makes them so.
"""

from __future__ import annotations

import random

__all__ = [
    "BUREAUS",
    "REGIONS",
    "company_name",
    "item_title",
    "person_name",
    "region_name",
    "street_name",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宁浩凯鹏飞晓东海波亮晨雪梅琳颖"

#: Bureaus and offices of a district government, as they are commonly named.
BUREAUS = [
    "发展和改革局",
    "工业和信息化局",
    "财政局",
    "商务局",
    "科学技术局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "文化和旅游局",
    "卫生健康委员会",
    "教育和体育局",
    "民政局",
    "人力资源和社会保障局",
    "生态环境分局",
    "应急管理局",
    "市场监督管理局",
    "行政审批服务局",
    "统计局",
    "税务局",
    "城市管理局",
    "投资促进中心",
    "金融服务中心",
    "大数据中心",
    "医疗保障局",
    "退役军人事务局",
    "审计局",
    "信访局",
    "司法局",
]

STREET_STEMS = "新湖天衢宋官黄河运河长河二屯赵虎抬头寺袁桥陈庄黄集丁庄于官屯广川东风西园南关北营东城西城"
REGIONS = ["德城", "临河", "东湖", "西岭", "南川", "北塘", "云台", "青石", "金水", "玉泉", "安平", "永宁", "清源"]

PROJECTS = [
    "推进{}智能制造产业园建设",
    "实施{}老旧小区改造",
    "建成{}污水处理厂提标工程",
    "完成{}重点技改项目",
    "打造{}楼宇经济集聚区",
    "开展{}营商环境提升行动",
    "推动{}规上企业培育",
    "建设{}新能源产业基地",
    "实施{}城市更新片区改造",
    "推进{}数字经济产业园招商",
    "完成{}道路综合整治",
    "落实{}闲置土地盘活",
]
COMPANY_STEMS = "华恒泰安康盛瑞丰鑫源兴隆宏达德信海诚金鼎天成永利佳和润通博远中科新元"
COMPANY_TRADES = ["机械制造", "新材料", "生物科技", "纺织", "食品", "电子科技", "化工", "建材", "物流", "商贸"]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def region_name(index: int) -> str:
    """A district's name, unique for every index (德城区, 临河区, …, 德城二区, …)."""
    base = REGIONS[index % len(REGIONS)]
    lap = index // len(REGIONS)
    return f"{base}区" if lap == 0 else f"{base}{_cn_number(lap + 1)}区"


def street_name(index: int) -> str:
    """A street's name, unique for every index."""
    n = len(STREET_STEMS) // 2
    stem = STREET_STEMS[2 * (index % n) : 2 * (index % n) + 2]
    lap = index // n
    return f"{stem}街道" if lap == 0 else f"{stem}第{_cn_number(lap + 1)}街道"


def item_title(rng: random.Random, place: str) -> str:
    return rng.choice(PROJECTS).format(place)


def company_name(rng: random.Random, index: int, region: str = "德州") -> str:
    stem = "".join(rng.choice(COMPANY_STEMS) for _ in range(2))
    return f"{region}{stem}{rng.choice(COMPANY_TRADES)}有限公司（{index:06d}）"


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)
