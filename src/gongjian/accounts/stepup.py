"""Step-up: a sensitive change of one's own account (setting up the second factor again, switching it off, new
recovery codes, a new API token) asks for the password again, even within an open session.

The form carries a ``password`` field (``forms.password_field``); ``confirmed(request, form, purpose)`` checks
it through the service (which audits a wrong password) and, as at the login, counts a wrong one toward the
(account, address) lock and refuses while that lock holds.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from gongjian.core.services import Actor

from . import lockout, services

__all__ = ["confirmed"]


def confirmed(request, form: forms.Form, purpose: str) -> bool:
    """Whether the password in the (valid) ``form`` is the acting user's; if not, the reason is on its field."""
    username = request.user.get_username()
    lock = lockout.refuse_if_locked(request, username)
    if lock is not None:
        form.add_error("password", lockout.locked_message(lock))
        return False
    try:
        services.confirm_password(Actor.from_request(request), form.cleaned_data.get("password", ""), purpose=purpose)
    except ValidationError as exc:
        lockout.register_failure(request, username)
        for message in exc.message_dict.get("password", exc.messages):
            form.add_error("password", message)
        return False
    return True
