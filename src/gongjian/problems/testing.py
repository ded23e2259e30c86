"""Builders for tests of the problem ledger and of modules that use it."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from .models import Problem, ProblemCategory

__all__ = ["category", "make_problem"]

_seq = itertools.count(1)


def category(code: str = "factors") -> ProblemCategory:
    """A shipped category (made again when a transactional test has flushed the migration's rows)."""
    import importlib

    shipped = dict(importlib.import_module("gongjian.problems.migrations.0002_categories").CATEGORIES)
    return ProblemCategory.objects.get_or_create(code=code, defaults={"name": shipped.get(code, code)})[0]


def make_problem(world, *, enterprise=None, item=None, raised_by=None, **fields) -> Problem:
    """A registered problem (created directly: the *given* of a test). Without an enterprise, on own_item."""
    n = next(_seq)
    raised_by = raised_by or world.user("cadre")
    defaults = {
        "number": f"T{n:06d}",
        "title": f"测试问题{n}",
        "description": "企业反映用电增容审批慢",
        "source": "visit",
        "category": category(),
        "raised_by": raised_by,
        "raised_unit": raised_by.unit,
        "raised_at": timezone.now() - dt.timedelta(days=1),
    }
    defaults.update(fields)
    if enterprise is None and item is None:
        item = world.own_item
    return Problem.objects.create(enterprise=enterprise, item=item, **defaults)
