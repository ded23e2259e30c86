"""The base of every REST endpoint: scope through restrict(), writes through services, clear 4xx errors.

* Reads: every queryset is ``Model.objects.restrict(user, "view")``; an object outside it answers 404.
* Permissions: each DRF action maps to a permission verb (``create`` → ``add``, ``accept`` → ``review``...).
  Collection actions (create, custom list actions) check ``<app>.<verb>_<model>`` before the body is read, so a
  user without it gets 403 whatever they send. Object actions first find the object in scope (else 404), then
  check the verb (else 403), then validate the body (else 400). The service checks permission and scope again.
* Writes: :class:`ServiceWriteMixin` validates with the serializer and hands ``validated_data`` to a service
  function with :func:`actor_for`; serializers never save.
* Bodies: every serializer derives from :class:`StrictFieldsMixin` (through :class:`StrictSerializer`,
  :class:`StrictModelSerializer` or :class:`ServiceSerializer`): a field the operation does not take is refused
  with 400 naming it, never silently dropped (a misspelt field would otherwise look like a successful write).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response

from .services import Actor

__all__ = [
    "ActionPermission",
    "ReadOnlyRestrictedViewSet",
    "RestrictedViewSetMixin",
    "ScopedPrimaryKeyRelatedField",
    "ServiceCreateMixin",
    "ServiceDestroyMixin",
    "ServiceSerializer",
    "ServiceUpdateMixin",
    "ServiceWriteMixin",
    "StrictFieldsMixin",
    "StrictModelSerializer",
    "StrictSerializer",
    "actor_for",
    "permission_name",
]

#: Primary keys in URLs: digits only, short enough for a 64-bit column. Anything else never reaches a query.
PK_PATTERN = r"[0-9]{1,18}"


def actor_for(request) -> Actor:
    return Actor.from_request(request, source="api")


def permission_name(model, verb: str) -> str:
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


# DRF action -> permission verb of restrict()
_ACTION_VERBS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


class ActionPermission(permissions.BasePermission):
    """The model permission of the view's action verb (see the module docstring for the order of checks)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if getattr(view, "detail", False):
            return True  # checked against the object once it has been found in scope
        verb = view.permission_verb()
        return verb == "view" or user.has_perm(permission_name(view.queryset.model, verb))

    def has_object_permission(self, request, view, obj) -> bool:
        verb = view.permission_verb()
        return verb == "view" or request.user.has_perm(permission_name(type(obj), verb))


class RestrictedViewSetMixin:
    """Every queryset comes from ``Model.objects.restrict(user, "view")``; objects outside it are 404."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    #: extra DRF action -> permission verb, e.g. {"accept": "review"}
    action_verbs: dict[str, str] = {}
    permission_classes = [ActionPermission]
    lookup_value_regex = PK_PATTERN

    def permission_verb(self) -> str:
        action = getattr(self, "action", None)
        return self.action_verbs.get(action) or _ACTION_VERBS.get(action, "view")

    def get_queryset(self):
        model = self.queryset.model
        # Writes are checked by the permission class and the service; the object must first be visible.
        qs = model.objects.restrict(self.request.user, "view")
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs.order_by(*model._meta.ordering, "pk") if model._meta.ordering else qs.order_by("pk")

    @property
    def actor(self) -> Actor:
        return actor_for(self.request)

    def read_data(self, obj) -> dict[str, Any]:
        """The representation of ``obj`` after a write, read back through the scoped queryset when visible."""
        fresh = self.get_queryset().filter(pk=obj.pk).first() if obj.pk is not None else None
        return self.get_serializer(fresh if fresh is not None else obj).data


# --- serializers ------------------------------------------------------------------------------------------


class StrictFieldsMixin:
    """Refuses a body naming a field the serializer does not write: 400 with each such field named.

    Read-only fields given in a body are refused too (``id``, ``state``...): the write would silently ignore
    them. A model choice field that may be blank keeps "" among its choices when read-only, so the documented
    schema matches what the responses carry.
    """

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            known = set(self.fields)
            errors = {}
            for name in data:
                if name in writable:
                    continue
                errors[name] = [_("This field cannot be written.") if name in known else _("Unknown field.")]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def get_fields(self):
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is None:
            return fields
        for name, field in fields.items():
            if not (field.read_only and isinstance(field, serializers.ChoiceField)) or field.allow_blank:
                continue
            try:
                model_field = model._meta.get_field(field.source or name)  # not bound yet: no source
            except FieldDoesNotExist:  # a computed source ("category.name"), not a model field
                continue
            if getattr(model_field, "blank", False) and getattr(model_field, "choices", None):
                field.allow_blank = True
        return fields


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    """A plain request body (a workflow action's input) that refuses unknown fields."""


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """A model's representation that refuses unknown fields when it is written."""


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a row the requesting user may see; any other id reads as "does not exist"."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model._default_manager.all())  # tells the schema the model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.restrict(getattr(request, "user", None), "view")


class ServiceSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """Validates and shapes data for a service function; it never saves.

    Uniqueness and cross-field rules are the model's ``full_clean``, which the service runs; its errors come
    back as 400 with the field named. ``immutable_fields`` may be given on create but not changed later.
    """

    immutable_fields: tuple[str, ...] = ()

    def get_validators(self):
        return []

    def validate(self, attrs):
        if self.instance is not None:
            for name in self.immutable_fields:
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: _("This cannot be changed.")})
                attrs.pop(name, None)
        return attrs

    def create(self, validated_data):
        raise NotImplementedError("writes go through the service functions")

    def update(self, instance, validated_data):
        raise NotImplementedError("writes go through the service functions")


# --- views ------------------------------------------------------------------------------------------------


class ServiceCreateMixin:
    """``create`` validates with the serializer and writes with ``service_create(data)``."""

    def service_create(self, data: dict[str, Any]):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.service_create(dict(serializer.validated_data))
        return Response(self.read_data(obj), status=status.HTTP_201_CREATED)


class ServiceUpdateMixin:
    """``update`` / ``partial_update`` validate with the serializer and write with ``service_update(obj, data)``."""

    def service_update(self, obj, data: dict[str, Any]):
        raise NotImplementedError

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        obj = self.service_update(obj, dict(serializer.validated_data))
        return Response(self.read_data(obj))

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)


class ServiceDestroyMixin:
    """``destroy`` finds the object in scope and removes it with ``service_destroy(obj)``."""

    def service_destroy(self, obj) -> None:
        raise NotImplementedError

    def destroy(self, request, *args, **kwargs):
        self.service_destroy(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ServiceWriteMixin(ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin):
    """create, update, partial_update and destroy through service functions."""


class ReadOnlyRestrictedViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
