"""The write path shared by every domain service.

A service function takes an :class:`Actor` (who acts, from where, through which channel), checks the
permission, runs in one transaction and writes the audit record. Views, the API, Excel imports and commands
build the actor and call the service; none of them writes models directly.
"""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SCOPE_ALL_PERMISSION, SYSTEM_ACTOR_NAME, AuditLog

__all__ = ["Actor", "assign_fields", "client_ip", "record", "require", "require_object", "snapshot"]


def client_ip(request) -> str | None:
    """The client address: REMOTE_ADDR, or the address the trusted proxies report in X-Forwarded-For."""
    addr = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            addr = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(addr)) if addr else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Actor:
    """Who performs a change: the user, their address and the channel (web, api, import, command)."""

    user: Any
    ip: str | None = None
    source: str = AuditLog.Source.WEB

    @classmethod
    def from_request(cls, request, source: str = AuditLog.Source.WEB) -> Actor:
        return cls(user=request.user, ip=client_ip(request), source=source)

    @classmethod
    def system(cls, user=None) -> Actor:
        return cls(user=user, ip=None, source=AuditLog.Source.COMMAND)

    def has_perm(self, perm: str) -> bool:
        return bool(self.user is not None and self.user.is_active and self.user.has_perm(perm))


def assign_fields(obj: models.Model, data: dict[str, Any], allowed) -> None:
    """Set ``data`` on ``obj``; a field outside ``allowed`` is a ValidationError naming it (no mass assignment)."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: {fields}").format(fields=", ".join(sorted(unknown))))
    for name, value in data.items():
        setattr(obj, name, value)


def _perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def require(actor: Actor, model: type[models.Model], action: str) -> None:
    """Raise PermissionDenied unless the actor holds ``<app>.<action>_<model>``."""
    if not actor.has_perm(_perm(model, action)):
        raise PermissionDenied(f"{_perm(model, action)} required")


def require_object(actor: Actor, obj: models.Model, action: str) -> None:
    """Raise PermissionDenied unless ``obj`` is among the rows ``restrict(actor.user, action)`` yields."""
    model = type(obj)
    require(actor, model, action)
    if actor.has_perm(SCOPE_ALL_PERMISSION):
        return
    if not model.objects.restrict(actor.user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied("object outside the user's scope")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        return str(value)
    return value


def _decimal_as_stored(field: models.DecimalField, value: Any) -> Any:
    """A decimal as the database keeps it ("2.50"), not as it was typed ("2.5" or 2)."""
    try:
        return field.to_python(value).quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
    except (ValidationError, decimal.InvalidOperation):
        return value


def snapshot(obj: models.Model | None, fields: list[str] | None = None) -> dict[str, Any] | None:
    """The audit view of an object: concrete field values (foreign keys as their text) and many-to-many lists."""
    if obj is None:
        return None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in ("created_at", "updated_at", "password"):
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            data[field.name] = str(related) if related is not None else None
        else:
            value = field.value_from_object(obj)
            if isinstance(field, models.DecimalField) and value is not None:
                value = _decimal_as_stored(field, value)
            data[field.name] = _jsonable(value)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if fields is not None and field.name not in fields:
                continue
            data[field.name] = sorted(str(o) for o in getattr(obj, field.name).all())
    return data


def record(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    parent: models.Model | None = None,
    success: bool = True,
) -> AuditLog:
    """Write one audit record. Call it inside the service's transaction, after the change."""
    user = actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None
    if parent is None and obj is not None:
        parent = obj.audit_parent() if hasattr(obj, "audit_parent") else None
    return AuditLog.objects.create(
        at=timezone.now(),
        actor=user,
        actor_name=(user.get_username() if user else SYSTEM_ACTOR_NAME)[:150],
        ip=actor.ip,
        source=actor.source,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        parent_type=ContentType.objects.get_for_model(parent, for_concrete_model=False) if parent else None,
        parent_id=str(parent.pk) if parent is not None else "",
        before=before,
        after=after,
        success=success,
    )
