"""Password validators of the 等保 profile, with messages from the platform's own catalogue (Chinese on a Chinese
page: Django's English fallback showed through for "too short").

The numbers come from settings (GONGJIAN_PASSWORD_*), read at validation time so they stay configurable.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import password_validation as django_validators
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .policy import character_classes

__all__ = [
    "CharacterClassesValidator",
    "CommonPasswordValidator",
    "MinimumLengthValidator",
    "PasswordHistoryValidator",
    "UserAttributeSimilarityValidator",
]


class MinimumLengthValidator:
    def validate(self, password, user=None):
        minimum = settings.GONGJIAN_PASSWORD_MIN_LENGTH
        if len(password) < minimum:
            raise ValidationError(self._message(), code="password_too_short")

    def _message(self) -> str:
        return _("This password is too short: it must have at least {n} characters.").format(
            n=settings.GONGJIAN_PASSWORD_MIN_LENGTH
        )

    def get_help_text(self) -> str:
        return _("At least {n} characters.").format(n=settings.GONGJIAN_PASSWORD_MIN_LENGTH)


class CharacterClassesValidator:
    def validate(self, password, user=None):
        if character_classes(password) < settings.GONGJIAN_PASSWORD_MIN_CLASSES:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "The password must use at least {n} of these four kinds of character: lower-case letters, "
            "upper-case letters, digits, other characters (such as - _ ! @)."
        ).format(n=settings.GONGJIAN_PASSWORD_MIN_CLASSES)


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "first_name", "last_name", "email", "display_name", "phone")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes, max_similarity)

    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(self.get_help_text(), code="password_too_similar") from None
        username = (getattr(user, "username", "") or "").lower() if user is not None else ""
        if len(username) >= 3 and username in password.lower():
            raise ValidationError(self.get_help_text(), code="password_too_similar")

    def get_help_text(self) -> str:
        return _("The password must not be like the account's username, name, e-mail or phone.")


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(self.get_help_text(), code="password_too_common") from None

    def get_help_text(self) -> str:
        return _("This password is too common: choose one that is not on the list of common passwords.")


class PasswordHistoryValidator:
    """Not one of the account's last N passwords (GONGJIAN_PASSWORD_HISTORY; the current one included)."""

    def validate(self, password, user=None):
        if user is None or getattr(user, "pk", None) is None:
            return
        count = settings.GONGJIAN_PASSWORD_HISTORY
        if count <= 0:
            return
        from .models import PasswordRecord

        hashes = list(PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[:count])
        current = user.__class__.objects.filter(pk=user.pk).values_list("password", flat=True).first()
        if current and current not in hashes:
            hashes = [current, *hashes][:count]
        if any(check_password(password, h) for h in hashes if h):
            raise ValidationError(self._message(count), code="password_reused")

    def _message(self, count: int) -> str:
        return _("This password was used recently: choose one that is not among the last {n}.").format(n=count)

    def get_help_text(self) -> str:
        return _("Not one of the last {n} passwords.").format(n=settings.GONGJIAN_PASSWORD_HISTORY)
