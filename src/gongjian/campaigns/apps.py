from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "gongjian.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from gongjian.core.registry import (
            register_audit_actions,
            register_home,
            register_my_work,
            register_stored_figures,
            register_synth_part,
        )

        from . import figures, my_work, synth

        register_synth_part("campaigns", synth.run)
        register_stored_figures("items", figures.refresh_all)
        register_home("gongjian.campaigns.views.HomeView")
        register_my_work(my_work.items_to_report)
        register_my_work(my_work.reports_to_review)
        register_my_work(my_work.returned_reports)
        register_audit_actions(
            {
                "campaign.create": _("created the campaign"),
                "campaign.update": _("changed the campaign"),
                "campaign.delete": _("deleted the campaign"),
                "area.create": _("created the area"),
                "area.update": _("changed the area"),
                "area.delete": _("deleted the area"),
                "item.create": _("created the item"),
                "item.update": _("changed the item"),
                "item.delete": _("deleted the item"),
                "item.import": _("imported items from Excel"),
                "milestone.create": _("added a milestone"),
                "milestone.update": _("changed a milestone"),
                "milestone.record": _("recorded a milestone"),
                "milestone.delete": _("deleted a milestone"),
                "report.submit": _("submitted a report"),
                "report.resubmit": _("resubmitted a report"),
                "report.accept": _("accepted a report"),
                "report.return": _("returned a report"),
                "leader_action.create": _("recorded a leader action"),
                "leader_action.delete": _("deleted a leader action"),
            }
        )
