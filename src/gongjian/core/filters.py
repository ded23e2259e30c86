"""Filters shared by the apps' FilterSets."""

from __future__ import annotations

import django_filters
from django import forms

__all__ = ["IntegerFilter"]

#: The largest integer both databases store (a 64-bit signed integer).
MAX_INTEGER = 2**63 - 1


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a year, a month): anything else, or a number no column can hold, is refused with
    the field named (400 in the API) instead of reaching the database (``?enterprise=99999999999999999999``)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -MAX_INTEGER)
        kwargs.setdefault("max_value", MAX_INTEGER)
        super().__init__(*args, **kwargs)
