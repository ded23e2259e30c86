from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthConfig(AppConfig):
    """Synthetic data at district, city and province scale: ``gongjian generate``.

    A consumer at the top of the house: the modules register their generator parts in
    ``core.registry.register_synth_part``; nothing below imports this package.
    """

    name = "gongjian.synth"
    label = "synth"
    verbose_name = _("Synthetic data")
