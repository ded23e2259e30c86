"""Who must use a second factor, and which devices they have (django-otp: TOTP, static recovery codes)."""

from __future__ import annotations

from django.conf import settings

__all__ = ["confirmed_totp", "mfa_required"]


def mfa_required(user) -> bool:
    """Whether ``user`` holds a role that ``GONGJIAN_MFA_REQUIRED`` marks as needing a second factor."""
    required = {role for role, needed in settings.GONGJIAN_MFA_REQUIRED.items() if needed}
    if not required or user is None or not user.is_authenticated:
        return False
    return user.groups.filter(name__in=required).exists()


def confirmed_totp(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
