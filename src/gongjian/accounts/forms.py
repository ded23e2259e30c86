"""Forms of the account pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from gongjian.core.auth import security_event

from . import lockout
from .models import ApiToken

__all__ = [
    "ApiTokenForm",
    "EnrolForm",
    "LoginForm",
    "OwnPasswordForm",
    "PasswordConfirmForm",
    "TokenCodeForm",
    "password_field",
]


class LoginForm(AuthenticationForm):
    """The password step: refused while the (name, address) pair or the address is locked; the superuser only
    through break-glass in production."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        lock = lockout.refuse_if_locked(self.request, username) if username else None
        if lock is not None:
            raise forms.ValidationError(lockout.locked_message(lock), code="locked")
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user.is_superuser and not settings.GONGJIAN_SUPERUSER_LOGIN:
            security_event(self.request, username, "auth.superuser_refused")
            self.user_cache = None
            raise self.get_invalid_login_error()
        return cleaned


class OwnPasswordForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = " ".join(str(t) for t in password_validators_help_texts())

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("The current password is not correct."), code="password_incorrect")
        return value

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("new_password1"), cleaned.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two new passwords differ."))
        return cleaned


def password_field() -> forms.CharField:
    """The password a sensitive change of one's own account asks for again (step-up, ``stepup.confirmed``)."""
    return forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Confirm this change with the password you log in with."),
    )


class PasswordConfirmForm(forms.Form):
    password = password_field()


class TokenCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6-digit code your authenticator app shows, or one of your recovery codes."),
    )


class EnrolForm(TokenCodeForm):
    """The code of the new device and, outside a login, the password (step-up)."""

    password = password_field()


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("What the token is for, e.g. 数据对接."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, initial=30)
    password = password_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].max_value = settings.GONGJIAN_TOKEN_MAX_DAYS
        self.fields["days"].validators.append(MaxValueValidator(settings.GONGJIAN_TOKEN_MAX_DAYS))
