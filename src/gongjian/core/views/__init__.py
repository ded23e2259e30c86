"""Views of the core app: home (campaign overview), my work, audit log, error pages."""

from .pages import (
    AuditListView,
    MyWorkView,
    bad_request,
    page_not_found,
    permission_denied,
    server_error,
)

__all__ = [
    "AuditListView",
    "MyWorkView",
    "bad_request",
    "page_not_found",
    "permission_denied",
    "server_error",
]
