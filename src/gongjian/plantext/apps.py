from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlantextConfig(AppConfig):
    name = "gongjian.plantext"
    label = "plantext"
    verbose_name = _("Plan from text")
