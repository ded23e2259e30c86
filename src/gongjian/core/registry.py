"""Extension points the domain apps fill in their AppConfig.ready(): "my work" sections and the like."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["audit_action_labels", "my_work_sections", "register_audit_actions", "register_my_work"]

#: Each callable takes the request and returns None (nothing to show) or a dict with ``title``, ``template``,
#: ``count`` and whatever the template needs.
my_work_sections: list[Callable] = []


def register_my_work(section: Callable) -> Callable:
    if section not in my_work_sections:
        my_work_sections.append(section)
    return section


#: Audit action code → label shown in histories ("item.create" → "created the item").
audit_action_labels: dict[str, object] = {}


def register_audit_actions(labels: dict[str, object]) -> None:
    audit_action_labels.update(labels)


#: Demo parts of the modules: each callable takes a ``DemoContext`` (units and users by demo key, the campaign,
#: items by code, ``now``) and returns a line for the load_demo summary (or ""). They run in registration order
#: (INSTALLED_APPS order), inside load_demo's one transaction, after the plan and its history are loaded.
demo_loaders: list[Callable] = []


def register_demo(loader: Callable) -> Callable:
    if loader not in demo_loaders:
        demo_loaders.append(loader)
    return loader
