from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def bench_scenarios(world, repeat, database):
    """``gongjian bench``'s indicator scenarios (imported only when the benchmarks run)."""
    from .bench import scenarios

    return scenarios(world, repeat, database)


class IndicatorsConfig(AppConfig):
    """Quantified targets and early warning (量化预警): indicators, actuals, benchmarks, the 红黄绿灯 rules, forecasts,
    ``gongjian warnings explain`` and ``gongjian indicators refresh``."""

    name = "gongjian.indicators"
    label = "indicators"
    verbose_name = _("Indicators and warnings")

    def ready(self):
        from gongjian.campaigns.hooks import register_campaign_changed
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import (
            register_audit_actions,
            register_bench,
            register_demo,
            register_my_work,
            register_stored_figures,
            register_synth_part,
        )
        from gongjian.org.roles import register_role_permissions

        from . import demo, figures, light_sources, my_work, roles, synth

        register_synth_part("indicators", synth.run)
        register_stored_figures("indicators", figures.refresh_all)
        register_campaign_changed(figures.campaign_changed)
        register_bench(bench_scenarios)
        register_role_permissions(roles.ROLE_PERMISSIONS)
        light_sources.register()
        register_my_work(my_work.actuals_to_enter)
        register_my_work(my_work.actuals_to_review)
        register_demo(demo.load)
        entry = ("indicators:indicator_list", _("Indicators"), "indicators.view_indicator")
        if entry not in NAV:
            NAV.insert(2, entry)
        register_audit_actions(
            {
                "indicator.create": _("created the indicator"),
                "indicator.update": _("changed the indicator"),
                "indicator.delete": _("deleted the indicator"),
                "indicator.plan": _("set the planned trajectory"),
                "actual.submit": _("entered an actual"),
                "actual.resubmit": _("resubmitted an actual"),
                "actual.correct": _("corrected an accepted actual"),
                "actual.accept": _("accepted an actual"),
                "actual.return": _("returned an actual"),
                "actual.compute": _("updated an actual from its data source"),
                "actual.import": _("imported actuals from Excel"),
                "benchmark.set": _("recorded a benchmark"),
                "benchmark.delete": _("deleted a benchmark"),
            }
        )
