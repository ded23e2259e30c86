from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "gongjian.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from gongjian.core.registry import register_my_work

        from . import my_work

        register_my_work(my_work.items_to_report)
        register_my_work(my_work.reports_to_review)
        register_my_work(my_work.returned_reports)
