from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _enterprise_figures_changed(enterprise_ids):
    """An enterprise's district tax changed: the tax attributed to its buildings with it."""
    from .figures import touch

    touch(enterprises=enterprise_ids)


class BuildingsConfig(AppConfig):
    name = "gongjian.buildings"
    label = "buildings"
    verbose_name = _("Building economy")

    def ready(self):
        from gongjian.core.registry import register_synth_part

        from . import synth

        register_synth_part("buildings", synth.run)
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import (
            register_audit_actions,
            register_data_source,
            register_demo,
            register_light_source,
            register_my_work,
            register_stored_figures,
        )
        from gongjian.enterprises.hooks import register_figures_changed
        from gongjian.enterprises.sections import register_enterprise_section
        from gongjian.org.roles import register_role_permissions

        from . import checks, demo, figures, my_work, sections, sources  # noqa: F401 - checks registers itself
        from .roles import BUILDING_ROLE_PERMISSIONS

        register_role_permissions(BUILDING_ROLE_PERMISSIONS)
        entry = ("buildings:overview", _("Building economy"), "buildings.view_building")
        if entry not in NAV:
            NAV.append(entry)
        register_enterprise_section(sections.tenancies_section)
        for source in sources.DATA_SOURCES:
            register_data_source(source)
        register_light_source("building_plan", sources.plan_lights)
        register_demo(demo.load)
        register_stored_figures("buildings", figures.refresh_all)
        register_figures_changed(_enterprise_figures_changed)
        register_my_work(my_work.plans_to_report)
        register_audit_actions(
            {
                "building.create": _("created the building"),
                "building.update": _("changed the building"),
                "building.delete": _("deleted the building"),
                "building.link": _("named the campaign work of the building"),
                "space.create": _("added a space"),
                "space.update": _("changed a space"),
                "space.delete": _("deleted a space"),
                "tenancy.create": _("recorded a tenant moving in"),
                "tenancy.update": _("changed a tenancy"),
                "tenancy.move_out": _("recorded a tenant moving out"),
                "tenancy.delete": _("deleted a tenancy"),
                "tenancy.tax": _("recorded a tenancy's tax"),
                "tenancy.tax_clear": _("cleared a tenancy's tax"),
                "plan.create": _("created the building plan"),
                "plan.update": _("changed the building plan"),
                "plan.delete": _("deleted the building plan"),
                "plan.progress": _("recorded the plan's quarterly progress"),
                "replacement.create": _("recorded a replacement (腾楼换企)"),
                "survey.import": _("imported the quarterly building survey"),
                "survey.quarter": _("recorded the quarter's building survey"),
            }
        )
