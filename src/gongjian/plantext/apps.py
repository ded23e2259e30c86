from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlantextConfig(AppConfig):
    name = "gongjian.plantext"
    label = "plantext"
    verbose_name = _("Plan from text")

    def ready(self):
        from gongjian.core.context_processors import NAV

        entry = ("plantext:new", _("Plan from text"), "campaigns.add_area")
        if entry not in NAV:
            NAV.append(entry)
