from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongjian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import auth  # noqa: F401 - connects the login audit receivers
        from .registry import register_audit_actions

        register_audit_actions(
            {
                "export.confidential": _("exported confidential data"),
                "audit.purge": _("purged archived audit records"),
                "job.start": _("started a background job"),
            }
        )
