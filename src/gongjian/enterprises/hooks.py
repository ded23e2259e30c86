"""What the enterprise registry tells the modules above it, through hooks they fill in AppConfig.ready().

The building economy stores figures derived from an enterprise's district tax (the tax attributed to each of its
buildings): it registers here so that a figure written in the registry refreshes them in the same transaction,
without this module importing it. Without a listener nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

__all__ = ["figures_changed", "register_figures_changed"]

_listeners: list[Callable] = []


def register_figures_changed(listener: Callable) -> Callable:
    """``listener(enterprise_ids)`` is called, inside the writing transaction, after figures of those enterprises
    were written."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def figures_changed(enterprise_ids: Iterable[int]) -> None:
    ids = sorted(set(enterprise_ids))
    if ids:
        for listener in _listeners:
            listener(ids)
