from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CadresConfig(AppConfig):
    """The cadre side: 容错免责, 一线考察, 实绩档案, commendation and accountability (a reader of the other modules)."""

    name = "gongjian.cadres"
    label = "cadres"
    verbose_name = _("Cadres")

    def ready(self):
        from gongjian.core.context_processors import NAV, NAV_GROUPS
        from gongjian.core.registry import register_audit_actions, register_audit_filter, register_demo
        from gongjian.org.roles import register_role_permissions
        from gongjian.supervision.hooks import register_ranking_annotator

        from . import demo, ranking, services
        from .roles import CADRE_ROLE_PERMISSIONS
        from .services import AUDIT_LABELS

        register_role_permissions(CADRE_ROLE_PERMISSIONS)
        register_ranking_annotator(ranking.annotate)
        register_demo(demo.load_demo)
        for entry in (
            ("cadres:case_list", _("Tolerance cases"), "cadres.view_tolerancecase"),
            ("cadres:note_list", _("Field assessment"), "cadres.view_fieldnote"),
            ("cadres:record_list", _("Performance records"), "cadres.view_cadrerecord"),
            ("cadres:commendation_list", _("Commendation and accountability"), "cadres.view_commendation"),
        ):
            if entry not in NAV:
                NAV.append(entry)
        group = (pgettext_lazy("navigation menu", "Cadres"), ("cadres:",))
        if group not in NAV_GROUPS:
            NAV_GROUPS.append(group)
        register_audit_actions(AUDIT_LABELS)
        register_audit_filter(services.hidden_audit)
