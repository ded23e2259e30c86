from django.apps import AppConfig


class SynthConfig(AppConfig):
    """Synthetic data at district, city and province scale: ``gongjian generate``.

    A consumer at the top of the house: the modules register their generator parts in
    ``core.registry.register_synth_part``; nothing below imports this package.
    """

    name = "gongjian.synth"
    label = "synth"
