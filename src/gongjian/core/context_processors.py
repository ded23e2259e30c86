"""Template context shared by every page: the navigation the user may see."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["NAV", "NAV_GROUPS", "navigation"]

# (url name, label, permission needed or None). Later modules append their entries in AppConfig.ready().
NAV: list[tuple[str, object, str | None]] = [
    ("core:home", _("Overview"), "campaigns.view_campaign"),
    ("campaigns:item_list", _("Task list"), "campaigns.view_item"),
    ("core:my_work", _("My work"), None),
    ("campaigns:report_compliance", _("Reporting"), "campaigns.view_report"),
    ("core:audit_list", _("Audit log"), "core.view_auditlog"),
]


#: Menus of the navigation bar: entries whose URL name starts with one of a menu's prefixes go into it (in NAV
#: order); a menu with one entry shows as that entry; entries of no menu stay at the top level.
NAV_GROUPS: list[tuple[object, tuple[str, ...]]] = [
    (pgettext_lazy("navigation menu", "Campaign"), ("core:home", "campaigns:", "indicators:", "plantext:")),
    (pgettext_lazy("navigation menu", "Enterprise services"), ("enterprises:", "pairing:", "problems:")),
    (pgettext_lazy("navigation menu", "Space"), ("buildings:", "landuse:")),
    (pgettext_lazy("navigation menu", "Supervision"), ("supervision:",)),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_title": settings.SITE_TITLE, "nav": []}
    entries = []
    for name, label, perm in NAV:
        if perm is None or user.has_perm(perm):
            url = reverse(name)
            active = (request.path.startswith(url) and url != "/") or request.path == url
            entries.append((name, {"url": url, "label": label, "active": active}))
    menus = [{"label": label, "children": [], "prefixes": prefixes} for label, prefixes in NAV_GROUPS]
    items: list[dict] = []
    placed: set[int] = set()
    for name, entry in entries:
        menu = next((m for m in menus if name.startswith(m["prefixes"])), None)
        if menu is None:
            items.append(entry)
            continue
        if id(menu) not in placed:  # the menu sits where its first entry would be
            placed.add(id(menu))
            items.append(menu)
        menu["children"].append(entry)
    nav = []
    for item in items:
        if "children" not in item:
            nav.append(item)
        elif len(item["children"]) == 1:
            nav.append(item["children"][0])
        else:
            children = item["children"]
            nav.append({"label": item["label"], "children": children, "active": any(c["active"] for c in children)})
    return {"site_title": settings.SITE_TITLE, "nav": nav}
