"""Views of the core app: login, home (campaign overview), my work, audit log, error pages."""

from .pages import (
    AuditListView,
    LoginView,
    MyWorkView,
    PasswordChangeView,
    bad_request,
    page_not_found,
    permission_denied,
    server_error,
)

__all__ = [
    "AuditListView",
    "LoginView",
    "MyWorkView",
    "PasswordChangeView",
    "bad_request",
    "page_not_found",
    "permission_denied",
    "server_error",
]
