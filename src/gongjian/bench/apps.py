from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark suite: ``gongjian bench``. A consumer at the top of the house; nothing below imports it."""

    name = "gongjian.bench"
    label = "bench"
