"""Builders for tests of the registry and of the modules that use it."""

from __future__ import annotations

import itertools

from .models import Enterprise, Industry

__all__ = ["make_enterprise"]

_seq = itertools.count(1)


def make_enterprise(world=None, **overrides) -> Enterprise:
    """A valid enterprise (created directly: it is the *given* of a test). ``world`` places it in the world's street.

    Defaults: a manufacturing enterprise (division 13 unless ``industry_code`` says otherwise) with a valid
    generated credit code, in 在营 status.
    """
    n = next(_seq)
    fields = {
        "credit_code": None,
        "name": f"测试企业{n}有限公司",
        "industry_code": "1391",
        "status": "operating",
        "legal_representative": "张三丰",
        "contact_name": "李四",
        "contact_phone": "13812345678",
        "park": "",
        "address": f"新湖大街{n}号",
    }
    if world is not None:
        fields["street"] = world.street
    fields.update(overrides)
    if not fields["credit_code"]:
        fields["credit_code"] = _fresh_code(n)
    if "industry" not in fields:
        code = fields["industry_code"] or ""
        fields["industry"] = (
            Industry.objects.filter(code__in=[code, code[:3], code[:2]]).order_by("-code").first() if code else None
        )
    return Enterprise.objects.create(**fields)


def _fresh_code(n: int) -> str:
    from .uscc import make_code

    seed = n
    while True:
        code = make_code(f"test-{seed}")
        if not Enterprise.objects.filter(credit_code=code).exists():
            return code
        seed += 100000
