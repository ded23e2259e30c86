"""The "我的包保企业" section of my work: the user's pairings in force, last visit, open problems."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import queries

__all__ = ["my_enterprises"]


def my_enterprises(request):
    user = request.user
    if not user.has_perm("pairing.view_pairing"):
        return None
    today = timezone.localdate()
    rows = list(queries.my_pairings(user, today).order_by("enterprise__name", "pk"))
    if not rows:
        return None
    days = queries.visit_days()
    for r in rows:
        r.days_since_visit = (today - r.last_visit).days if r.last_visit else None
        r.visit_due = r.last_visit is None or r.days_since_visit > days
    return {
        "title": _("My pairing enterprises"),
        "template": "pairing/includes/my_work_enterprises.html",
        "rows": rows,
        "count": sum(1 for r in rows if r.visit_due),
        "days": days,
    }
