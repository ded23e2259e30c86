import datetime as dt
from zoneinfo import ZoneInfo

from gongjian.demo import loader
from gongjian.landuse.models import Appeal, EvaluationYear, LandPlot


def test_demo_has_a_published_and_a_public_notice_evaluation_and_plots(db):
    now = dt.datetime(2026, 5, 6, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    loader.load(now=now)
    published = EvaluationYear.objects.get(year=2025)
    notice = EvaluationYear.objects.get(year=2026)
    assert published.status == "published" and published.publicity_end < now.date()
    assert published.current_run().published
    assert notice.status == "publicity" and notice.publicity_start == now.date()
    assert Appeal.objects.filter(evaluation=notice, status="open").count() == 1
    kinds = set(LandPlot.objects.values_list("low_efficiency_kind", flat=True))
    assert len(kinds - {""}) == 5
    reasons = {p.idle_reason(now.date()) for p in LandPlot.objects.all()}
    assert {"not_started", "stopped", None} <= reasons
