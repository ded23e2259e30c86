from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "gongjian.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from gongjian.core.registry import register_audit_actions
        from gongjian.org.roles import register_role_permissions

        from .roles import ENTERPRISE_ROLE_PERMISSIONS

        register_role_permissions(ENTERPRISE_ROLE_PERMISSIONS)
        register_audit_actions(
            {
                "enterprise.create": _("created the enterprise"),
                "enterprise.update": _("changed the enterprise"),
                "enterprise.import": _("imported enterprises from Excel"),
                "enterprise_figure.set": _("recorded enterprise figures"),
                "enterprise_figure.import": _("imported enterprise figures from Excel"),
                "enterprise_status.set": _("recorded the 规上 status"),
            }
        )
