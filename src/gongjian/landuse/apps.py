from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanduseConfig(AppConfig):
    """Land-use efficiency (亩产效益) evaluation, its workflow and the idle-resource survey."""

    name = "gongjian.landuse"
    label = "landuse"
    verbose_name = _("Land-use efficiency")

    def ready(self):
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import register_audit_actions, register_demo, register_job
        from gongjian.enterprises.sections import register_enterprise_section
        from gongjian.org.roles import register_role_permissions

        from . import jobs
        from .demo import load_demo
        from .roles import LANDUSE_ROLE_PERMISSIONS
        from .views import enterprise_section

        register_role_permissions(LANDUSE_ROLE_PERMISSIONS)
        register_enterprise_section(enterprise_section)
        register_demo(load_demo)
        register_job(jobs.CALCULATE_JOB, jobs.TITLE, jobs.run_calculate)
        for entry in (
            ("landuse:evaluation_list", _("Land-use efficiency"), "landuse.view_evaluationyear"),
            ("landuse:plot_list", _("Idle and low-efficiency land"), "landuse.view_landplot"),
        ):
            if entry not in NAV:
                NAV.append(entry)
        register_audit_actions(
            {
                "landuse_evaluation.create": _("created the land-use evaluation"),
                "landuse_evaluation.update": _("changed the land-use evaluation"),
                "landuse_evaluation.review": _("moved the land-use evaluation to the next review step"),
                "landuse_evaluation.calculate": _("calculated the land-use evaluation"),
                "landuse_evaluation.publicity": _("started the public notice of the evaluation"),
                "landuse_evaluation.publish": _("published the evaluation results"),
                "landuse_evaluation.new_version": _("opened a new version of the published evaluation"),
                "landuse_input.set": _("recorded evaluation figures"),
                "landuse_input.import": _("imported department data for the evaluation"),
                "landuse_input.confirm": _("recorded the enterprise's confirmation"),
                "landuse_appeal.file": _("filed an appeal"),
                "landuse_appeal.decide": _("decided an appeal"),
                "landuse_policy.save": _("saved a class policy"),
                "landuse_exit_plan.save": _("saved an exit plan"),
                "landuse_plot.save": _("saved a land plot"),
                "landuse_plot.survey": _("recorded the quarter's survey of a land plot"),
                "landuse_disposal.save": _("saved a disposal"),
            }
        )
