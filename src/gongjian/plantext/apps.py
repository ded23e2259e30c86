from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlantextConfig(AppConfig):
    name = "gongjian.plantext"
    label = "plantext"
    verbose_name = _("Plan from text")

    def ready(self):
        from gongjian.core.context_processors import NAV
        from gongjian.core.registry import register_audit_actions
        from gongjian.indicators.hooks import register_plan_drafts

        from .models import PlanDraft

        # The "indicators from a plan draft" pages list the user's own drafts (a draft is only ever its author's).
        register_plan_drafts(lambda user: PlanDraft.objects.filter(created_by=user))

        register_audit_actions({"plandraft.merge_targets": _("merged targets of a plan draft")})

        entry = ("plantext:new", _("Plan from text"), "campaigns.add_area")
        if entry not in NAV:
            NAV.append(entry)
