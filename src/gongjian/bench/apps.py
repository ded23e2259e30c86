from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """The benchmark suite: ``gongjian bench``. A consumer at the top of the house; nothing below imports it."""

    name = "gongjian.bench"
    label = "bench"
    verbose_name = _("Benchmarks")
