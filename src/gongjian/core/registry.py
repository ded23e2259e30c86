"""Extension points the domain apps fill in their AppConfig.ready(): "my work" sections and the like."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["my_work_sections", "register_my_work"]

#: Each callable takes the request and returns None (nothing to show) or a dict with ``title``, ``template``,
#: ``count`` and whatever the template needs.
my_work_sections: list[Callable] = []


def register_my_work(section: Callable) -> Callable:
    if section not in my_work_sections:
        my_work_sections.append(section)
    return section
