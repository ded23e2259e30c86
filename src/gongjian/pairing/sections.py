"""Panels of the one-enterprise page: its pairings and its visits."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Pairing, Visit

__all__ = ["pairing_section", "visits_section"]

LIMIT = 10


def pairing_section(request, enterprise):
    user = request.user
    if not user.has_perm("pairing.view_pairing"):
        return None
    today = timezone.localdate()
    rows = list(
        Pairing.objects.restrict(user, "view")
        .filter(enterprise=enterprise)
        .select_related("person", "person__unit")
        .order_by("-start_date", "pk")
    )
    for r in rows:
        r.active = r.is_active(today)
    return {
        "title": _("Pairing (包保)"),
        "template": "pairing/includes/section_pairing.html",
        "rows": rows,
        "can_add": user.has_perm("pairing.add_pairing"),
        "order": 50,
    }


def visits_section(request, enterprise):
    user = request.user
    if not user.has_perm("pairing.view_visit"):
        return None
    qs = Visit.objects.restrict(user, "view").filter(enterprise=enterprise).select_related("visitor")
    return {
        "title": _("Visits"),
        "template": "pairing/includes/section_visits.html",
        "rows": list(qs.order_by("-date", "-pk")[:LIMIT]),
        "count": qs.count(),
        "can_add": user.has_perm("pairing.add_visit"),
        "order": 51,
    }
