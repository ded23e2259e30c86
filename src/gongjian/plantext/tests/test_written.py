import pytest

from gongjian.plantext.written import value_as_written


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ({"value": 5000000000, "unit": "元", "written": "50亿元"}, ("50", "亿元")),
        ({"value": 5000000000, "unit": "元"}, ("50", "亿元")),  # a draft from before the written form
        ({"value": 5370000, "unit": "元", "written": "537万元"}, ("537", "万元")),
        ({"value": 1300000000000, "unit": "元", "written": "1.3万亿元"}, ("1.3", "万亿元")),
        ({"value": 1000000000, "unit": "美元", "written": "10亿美元"}, ("10", "亿美元")),
        ({"value": 800, "unit": "元", "written": "800元"}, ("800", "元")),
        ({"value": 12000, "unit": "人", "written": "1.2万人"}, ("12000", "人")),
        ({"value": [4.5, 5], "unit": "%", "written": "4.5%-5%"}, ("4.5–5", "%")),
        ({"value": 1000000, "unit": "平方米", "written": "100万平方米"}, ("100", "万平方米")),
        ({"value": "全市平均水平", "unit": ""}, ("全市平均水平", "")),
        ({"value": 6.2, "unit": "%"}, ("6.2", "%")),
    ],
)
def test_values_are_shown_as_written(target, expected):
    assert value_as_written(target) == expected
