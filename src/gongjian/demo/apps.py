from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data: ``gongjian load_demo`` fills an empty database with Decheng District's 2026 plan."""

    name = "gongjian.demo"
    label = "demo"
    verbose_name = _("Demo data")
