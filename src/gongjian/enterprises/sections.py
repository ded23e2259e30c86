"""Panels other modules add to the one-enterprise page (一企一档).

A section is ``fn(request, enterprise) -> dict | None``: None shows nothing; a dict has ``title``, ``template``
(rendered with the dict as its context, plus ``enterprise`` and ``request``) and whatever the template needs.
An optional ``order`` (int, default 100) sorts the panels. Sections must read through ``restrict()`` and must not
show figures to users without ``can_see_figures`` (gongjian.enterprises.confidential).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["enterprise_sections", "register_enterprise_section", "render_sections"]

enterprise_sections: list[Callable] = []


def register_enterprise_section(section: Callable) -> Callable:
    if section not in enterprise_sections:
        enterprise_sections.append(section)
    return section


def render_sections(request, enterprise) -> list[dict]:
    """The panels to show, in order: each a dict with at least ``title`` and ``template``."""
    panels = []
    for fn in enterprise_sections:
        panel = fn(request, enterprise)
        if panel:
            panels.append({"enterprise": enterprise, "request": request, **panel})
    return sorted(panels, key=lambda p: p.get("order", 100))
