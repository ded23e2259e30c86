"""The unread count of the inbox, for the navigation bar (one query, only when a page shows it)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

__all__ = ["inbox"]


def inbox(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("supervision.view_notification"):
        return {}

    def unread() -> int:
        from .models import Notification

        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"inbox_unread": SimpleLazyObject(unread)}
