from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    """驾驶舱: the leaders' screen. Reads every module through their queries and writes nothing."""

    name = "gongjian.cockpit"
    label = "cockpit"
    verbose_name = _("Cockpit")

    def ready(self):
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import register_bench
        from gongjian.org.roles import register_role_permissions

        from . import bench
        from .roles import ROLE_PERMISSIONS

        register_role_permissions(ROLE_PERMISSIONS)
        register_bench(bench.scenarios)
        entry = ("cockpit:cockpit", _("Cockpit"), "cockpit.view_cockpit")
        if entry not in NAV:
            NAV.insert(0, entry)
        entry = ("cockpit:alerts", _("Red and why"), "supervision.view_colourrecord")
        if entry not in NAV:
            NAV.insert(1, entry)
