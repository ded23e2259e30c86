from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "gongjian.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from gongjian.core.registry import register_synth_part

        from . import synth

        register_synth_part("enterprises", synth.run)
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import (
            register_audit_actions,
            register_data_source,
            register_demo,
            register_my_work,
        )
        from gongjian.org.roles import register_role_permissions

        from . import demo, my_work
        from .datasources import SOURCES
        from .roles import ENTERPRISE_ROLE_PERMISSIONS

        register_role_permissions(ENTERPRISE_ROLE_PERMISSIONS)
        entry = ("enterprises:list", _("Enterprises"), "enterprises.view_enterprise")
        if entry not in NAV:
            NAV.append(entry)
        for source in SOURCES:
            register_data_source(source)
        register_demo(demo.load)
        register_my_work(my_work.my_cultivation)
        register_audit_actions(
            {
                "enterprise.create": _("created the enterprise"),
                "enterprise.update": _("changed the enterprise"),
                "enterprise.import": _("imported enterprises from Excel"),
                "enterprise.demo": _("loaded demo enterprises"),
                "enterprise_figure.set": _("recorded enterprise figures"),
                "enterprise_figure.import": _("imported enterprise figures from Excel"),
                "enterprise_status.set": _("recorded the 规上 status"),
                "enterprise_status.refresh": _("recomputed the 规上 status"),
                "scale_category.update": _("changed a statistical category"),
                "tier_band.update": _("changed a tier band"),
                "tier_settings.update": _("changed the tier settings"),
                "cultivation.create": _("added the enterprise to the 小升规 pool"),
                "cultivation.update": _("changed the 小升规 cultivation plan"),
            }
        )
