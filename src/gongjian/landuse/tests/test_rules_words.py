"""The evaluation page shows its rules as a table of words, not as the rules file's JSON."""

from django.utils import translation

from gongjian.landuse.rules import DEFAULT_RULES, parse_rules
from gongjian.landuse.texts import rules_in_words


def test_default_rules_in_words():
    with translation.override("zh-hans"):
        words = rules_in_words(DEFAULT_RULES)
    above, below = words["groups"]
    assert above["name"] == "规上"
    assert above["rows"][0] == {"indicator": "亩均税收", "unit": "万元/亩", "weight": "40", "benchmark": "全组平均值"}
    assert [r["indicator"] for r in below["rows"]] == ["亩均税收", "亩均营业收入"]
    assert words["classes"][0] == ("A 优先发展类", "前 20%")
    assert words["classes"][2] == ("C 提升发展类", "其余")
    params = dict(words["params"])
    assert params["规下企业参评所需自有用地"] == "3 亩"
    assert params["不参评的行业大类"] == "44、45、46"
    texts = [v for label, v in words["params"]] + [label for label, v in words["params"]]
    texts += [r["benchmark"] for g in words["groups"] for r in g["rows"]]
    assert not any("{" in t or "_" in t for t in texts)  # no placeholder, no key left


def test_fixed_and_scaled_benchmarks():
    rules = parse_rules(
        {
            "groups": {
                "below": {
                    "weights": {"tax_per_mu": 60, "revenue_per_mu": 40},
                    "benchmarks": {
                        "tax_per_mu": {"mode": "fixed", "value": 11.59},
                        "revenue_per_mu": {"mode": "k_mean", "k": 1.2},
                    },
                }
            }
        }
    )
    with translation.override("en"):
        rows = rules_in_words(rules)["groups"][-1]["rows"]
    assert [r["benchmark"] for r in rows] == ["fixed at 11.59", "1.2 × the group's mean"]
