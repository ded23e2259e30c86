"""Who may see what of an enterprise.

* Figures (revenue, tax, profit, employees, energy, R&D: every field of ``EnterpriseFigure``) are confidential:
  only holders of ``enterprises.view_confidential`` see them, in pages, the API, exports, search and audit views.
* Personal data (legal representative, contact person and phone) needs ``enterprises.view_personal``; others see
  it masked ("张*", "138****5678").
"""

from __future__ import annotations

__all__ = [
    "CONFIDENTIAL_PERMISSION",
    "PERSONAL_FIELDS",
    "PERSONAL_PERMISSION",
    "can_see_figures",
    "can_see_personal",
    "mask_name",
    "mask_phone",
    "personal_value",
]

CONFIDENTIAL_PERMISSION = "enterprises.view_confidential"
PERSONAL_PERMISSION = "enterprises.view_personal"
PERSONAL_FIELDS = ("legal_representative", "contact_name", "contact_phone")


def can_see_figures(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.has_perm(CONFIDENTIAL_PERMISSION)
    )


def can_see_personal(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.has_perm(PERSONAL_PERMISSION))


def mask_name(name: str) -> str:
    """Keep the family name: "张三丰" → "张**"."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits of a mobile number: "13812345678" → "138****5678"."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) <= 4:
        return "*" * len(phone)
    if len(phone) < 8:
        return "*" * (len(phone) - 2) + phone[-2:]
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def personal_value(user, enterprise, field: str, *, allowed: bool | None = None) -> str:
    """A personal-data field as ``user`` may see it."""
    value = getattr(enterprise, field) or ""
    if allowed is None:
        allowed = can_see_personal(user)
    if allowed:
        return value
    return mask_phone(value) if field == "contact_phone" else mask_name(value)
