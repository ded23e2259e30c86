"""Template context shared by every page: the navigation the user may see."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["NAV", "navigation"]

# (url name, label, permission needed or None). Later modules append their entries in AppConfig.ready().
NAV: list[tuple[str, object, str | None]] = [
    ("core:home", _("Overview"), "campaigns.view_campaign"),
    ("campaigns:item_list", _("Task list"), "campaigns.view_item"),
    ("core:my_work", _("My work"), None),
    ("campaigns:report_compliance", _("Reporting"), "campaigns.view_report"),
    ("core:audit_list", _("Audit log"), "core.view_auditlog"),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_title": settings.SITE_TITLE, "nav": []}
    items = []
    for name, label, perm in NAV:
        if perm is None or user.has_perm(perm):
            url = reverse(name)
            items.append(
                {
                    "url": url,
                    "label": label,
                    "active": (request.path.startswith(url) and url != "/") or request.path == url,
                }
            )
    return {"site_title": settings.SITE_TITLE, "nav": items}
