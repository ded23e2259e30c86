"""The panel on the one-enterprise page: the enterprise's tenancies (current and past)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongjian.enterprises.confidential import can_see_figures

from .models import Tenancy, TenancyTax

__all__ = ["tenancies_section"]


def tenancies_section(request, enterprise) -> dict | None:
    user = request.user
    if not user.has_perm("buildings.view_tenancy"):
        return None
    rows = list(
        Tenancy.objects.restrict(user, "view")
        .filter(enterprise=enterprise)
        .select_related("building", "space")
        .order_by("-move_in", "pk")
    )
    if not rows:
        return None
    show_tax = can_see_figures(user)
    if show_tax:
        taxes: dict[int, list] = {}
        for t in TenancyTax.objects.filter(tenancy__in=rows).order_by("-year"):
            taxes.setdefault(t.tenancy_id, []).append(t)
        for row in rows:
            row.tax_rows = taxes.get(row.pk, [])
    return {
        "title": _("Tenancies in buildings"),
        "template": "buildings/includes/enterprise_tenancies.html",
        "tenancies": rows,
        "show_tax": show_tax,
        "order": 60,
    }
