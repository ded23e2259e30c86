from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanduseConfig(AppConfig):
    """Land-use efficiency (亩产效益) evaluation, its workflow and the idle-resource survey."""

    name = "gongjian.landuse"
    label = "landuse"
    verbose_name = _("Land-use efficiency")
