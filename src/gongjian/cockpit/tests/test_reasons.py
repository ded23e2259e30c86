"""Reasons in words: every reason code a red or yellow colour can carry, in Chinese and in English."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from gongjian.cockpit.reasons import Thresholds, reason_words

CASES = [
    ("overdue", {"due": "2026-03-01", "days_overdue": 12}, "逾期 12 天", "Overdue by 12 days"),
    ("problem_overdue", {"deadline": "2026-03-01", "days_overdue": 3}, "逾期 3 天", "Overdue by 3 days"),
    (
        "milestone_missed",
        {"planned": "2026-03-01", "days_overdue": 5},
        "节点逾期 5 天",
        "Milestone overdue by 5 days",
    ),
    (
        "unreported",
        {"period": "2026-10", "days_since_period_end": 9, "grace_days": 5},
        "未报送 2026年10月 进展",
        "No progress report for Oct 2026",
    ),
    (
        "unreported",
        {"period": "2026-W05", "days_since_period_end": 9, "grace_days": 5},
        "未报送 2026年第5周 进展",
        "No progress report for 2026 week 5",
    ),
    (
        "far_behind",
        {"expected_percent": 65, "actual_percent": 30, "gap": 35},
        "序时进度 65%，完成 30%，落后 35 个百分点",
        "Time schedule 65%, done 30%, 35 points behind",
    ),
    (
        "behind",
        {"expected_percent": 40.25, "actual_percent": 25, "gap": 15.25},
        "序时进度 40.3%，完成 25%，落后 15.3 个百分点",
        "Time schedule 40.3%, done 25%, 15.3 points behind",
    ),
    ("below_plan", {"achievement_percent": 80}, "完成 80%，低于 90%", "Achieved 80%, below 90%"),
    ("far_below_plan", {"achievement_percent": 72}, "完成 72%，低于 75%", "Achieved 72%, below 75%"),
    ("weighted_share", {"on_track_percent": 60}, "60% 的事项进展正常", "60% of the items on track"),
    ("problem_due_soon", {"days_to_due": 2}, "2 天后到期", "Due in 2 days"),
    (
        "supervision_overdue",
        {"document": "督办函 德城攻坚督〔2026〕3号", "days_overdue": 5},
        "督办函 德城攻坚督〔2026〕3号 逾期 5 天未反馈",
        "督办函 德城攻坚督〔2026〕3号 overdue by 5 days without a reply",
    ),
]


@pytest.mark.parametrize(("code", "numbers", "chinese", "english"), CASES)
def test_reason_in_chinese_and_english(code, numbers, chinese, english):
    with translation.override("zh-hans"):
        assert reason_words(code, numbers, translate=gettext, chinese=True) == chinese
    with translation.override("en"):
        assert reason_words(code, numbers, translate=gettext, chinese=False) == english


def test_without_translation_the_words_are_english():
    assert reason_words("overdue", {"days_overdue": 1}) == "Overdue by 1 days"


def test_the_campaigns_own_thresholds_are_named():
    words = reason_words("far_below_plan", {"achievement_percent": 50}, Thresholds(95, 80))
    assert words == "Achieved 50%, below 80%"


@pytest.mark.parametrize(
    ("code", "numbers"),
    [("worst_wins", {"counts": {}}), ("overdue", {}), ("unreported", {"period": None}), ("far_behind", None)],
)
def test_unknown_codes_and_broken_numbers_have_no_words(code, numbers):
    assert reason_words(code, numbers) == ""
