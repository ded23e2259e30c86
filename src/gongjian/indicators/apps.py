from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Quantified targets and early warning (量化预警): the 红黄绿灯 rules, forecasts and ``gongjian warnings``."""

    name = "gongjian.indicators"
    label = "indicators"
    verbose_name = _("Indicators and warnings")
