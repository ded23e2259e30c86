"""What the indicators module asks of the modules above it, through hooks they fill in AppConfig.ready().

The daily warnings run belongs to supervision (colour history, 督办, notifications) and plan drafts to plantext,
both above this module: they register here so that ``gongjian warnings run`` and the "indicators from a plan
draft" pages work without this module importing them. Without them the sub-command is absent and the user has
no drafts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "WarningsSubcommand",
    "plan_drafts",
    "register_plan_drafts",
    "register_warnings_subcommand",
    "warnings_subcommands",
]


@dataclass(frozen=True)
class WarningsSubcommand:
    """A sub-command of ``gongjian warnings``: ``add_arguments(parser)`` and ``run(command, **options)``."""

    name: str
    help: str
    add_arguments: Callable
    run: Callable


warnings_subcommands: dict[str, WarningsSubcommand] = {}


def register_warnings_subcommand(subcommand: WarningsSubcommand) -> None:
    warnings_subcommands[subcommand.name] = subcommand


_plan_drafts: dict[str, Callable] = {}


def register_plan_drafts(drafts: Callable) -> None:
    """``drafts(user)`` returns a queryset of the user's plan drafts (``created_objects``, ``created_at``)."""
    _plan_drafts["drafts"] = drafts


def plan_drafts(user):
    """The user's plan drafts, or None when no module keeps drafts (plantext is not installed)."""
    fn = _plan_drafts.get("drafts")
    return fn(user) if fn else None
