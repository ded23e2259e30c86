"""What the campaigns module tells the modules above it, through hooks they fill in AppConfig.ready().

The indicators module stores figures judged under their campaign's rules (the grace days of a late report): it
registers here so that a campaign's change refreshes them in the same transaction, without this module importing
it. Without a listener nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["campaign_changed", "register_campaign_changed"]

_listeners: list[Callable] = []


def register_campaign_changed(listener: Callable) -> Callable:
    """``listener(campaign, fields)`` is called, inside the writing transaction, after the campaign's ``fields``
    (names of CAMPAIGN_FIELDS) changed."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def campaign_changed(campaign, fields: set[str]) -> None:
    if fields:
        for listener in _listeners:
            listener(campaign, fields)
