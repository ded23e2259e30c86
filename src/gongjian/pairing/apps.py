from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    name = "gongjian.pairing"
    label = "pairing"
    verbose_name = _("Pairing")

    def ready(self):
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import register_audit_actions, register_demo, register_my_work
        from gongjian.enterprises.sections import register_enterprise_section
        from gongjian.org.roles import register_role_permissions

        from . import demo, my_work, sections
        from .roles import PAIRING_ROLE_PERMISSIONS

        register_role_permissions(PAIRING_ROLE_PERMISSIONS)
        register_my_work(my_work.my_enterprises)
        register_enterprise_section(sections.pairing_section)
        register_enterprise_section(sections.visits_section)
        register_demo(demo.load_demo)
        entry = ("pairing:pairing_list", _("Pairing"), "pairing.view_pairing")
        if entry not in NAV:
            NAV.append(entry)
        register_audit_actions(
            {
                "pairing.create": _("paired a person with the enterprise"),
                "pairing.update": _("changed the pairing"),
                "pairing.delete": _("deleted the pairing"),
                "visit.create": _("recorded a visit"),
                "visit.delete": _("deleted a visit"),
            }
        )
