"""The second factor: TOTP (RFC 6238, any authenticator app) with django-otp, and one-time recovery codes
(django-otp's static device). The enrolment QR code is drawn here as SVG: nothing leaves the server."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongjian.core.services import Actor, record

from .mfa import mfa_required

__all__ = [
    "confirm_enrolment",
    "disable",
    "disable_refusal",
    "new_recovery_codes",
    "qr_svg",
    "start_enrolment",
    "verify_code",
]

RECOVERY_CODES = 10


def verify_code(user, code: str):
    """The device that accepts ``code`` (a TOTP code once per time step, or an unused recovery code), or None."""
    code = "".join((code or "").split())
    if not code or len(code) > 20:
        return None
    if code.isdigit() and len(code) == 6:
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
        return None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code.lower()):
            return device
    return None


def start_enrolment(user, device_id: int | None = None) -> TOTPDevice:
    """The unconfirmed TOTP device of an enrolment in progress (a new one unless ``device_id`` is still open)."""
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if device is not None:
            return device
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


def _recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def confirm_enrolment(actor: Actor, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with a code from the app; the new recovery codes, or None when the code is wrong."""
    code = "".join((code or "").split())
    if not (code.isdigit() and len(code) == 6 and device.verify_token(code)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes(device.user)
    record(actor, "auth.mfa_enrolled", device.user)
    return codes


@transaction.atomic
def new_recovery_codes(actor: Actor, user) -> list[str]:
    codes = _recovery_codes(user)
    record(actor, "auth.mfa_recovery_codes", user)
    return codes


def disable_refusal(user) -> str | None:
    """Why ``user`` may not switch off their second factor, or None."""
    if mfa_required(user):
        return _("Your role must use a second factor: it cannot be switched off.")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return _("You have no second factor to switch off.")
    return None


@transaction.atomic
def disable(actor: Actor, user) -> None:
    """Switch off one's own second factor (the app and the recovery codes). Refused for the roles that must use
    one (``GONGJIAN_MFA_ROLES``) and when none is set up."""
    if actor.user is None or actor.user.pk != user.pk:
        raise PermissionDenied("only the owner switches off their second factor")
    refusal = disable_refusal(user)
    if refusal:
        raise ValidationError(refusal)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(actor, "auth.mfa_disabled", user)
