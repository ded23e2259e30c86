"""API: users and their roles, for the system administrator (``/api/users/``).

Everyone with ``org.view_user`` lists and reads the users in their scope (as others see them: no e-mail, no
phone). The system administrator (``org.add_user`` / ``org.change_user``) creates and edits accounts, gives
them a unit and business roles, resets a password (the password policy applies; the owner chooses a new one at
the next login) and deactivates or reactivates an account. The security administrator gives any role, the
administrator roles included (三权分立); nobody else writes. Every write is a service of ``org.services`` or
``accounts.services`` and is audited.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gongjian.core.api import (
    ScopedPrimaryKeyRelatedField,
    ServiceCreateMixin,
    ServiceSerializer,
    ServiceUpdateMixin,
    StrictSerializer,
)
from gongjian.org import services as org_services
from gongjian.org.api import UserSerializer, UserViewSet
from gongjian.org.choices import RoleChoices
from gongjian.org.models import Unit, User

from . import services

__all__ = ["UserAdminSerializer", "UserAdminViewSet"]

#: The permission that gives the administrator roles (the security administrator's).
GRANT_SECURITY_ROLE = org_services.GRANT_SECURITY_ROLE


class UserAdminSerializer(ServiceSerializer):
    """An account as its administrator writes it: the password only on creation (write-only; without one the
    account cannot log in until a password is set), the roles as codes."""

    unit = ScopedPrimaryKeyRelatedField(Unit, allow_null=True, required=False)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=RoleChoices.choices), required=False, help_text="role codes"
    )
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, style={"input_type": "password"}, trim_whitespace=False
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "title",
            "unit",
            "email",
            "phone",
            "roles",
            "password",
            "is_active",
            "last_login",
            "date_joined",
        ]
        read_only_fields = ["id", "is_active", "last_login", "date_joined"]

    def validate(self, attrs):
        if self.instance is not None and "password" in attrs:
            raise serializers.ValidationError({"password": _("Reset a password with POST …/password/.")})
        return super().validate(attrs)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["roles"] = instance.role_codes
        return data


class PasswordResetSerializer(StrictSerializer):
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class NoBodySerializer(StrictSerializer):
    """An action without input: any field given is refused by name."""


class RolesSerializer(StrictSerializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=RoleChoices.choices), allow_empty=True)


class UserAdminViewSet(ServiceCreateMixin, ServiceUpdateMixin, UserViewSet):
    """Users within the requester's scope (``org.view_user``); created, edited, deactivated and given roles by
    the system administrator."""

    action_verbs = {"password": "change", "deactivate": "change", "activate": "change", "roles": "view"}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return UserAdminSerializer
        actions = {"password": PasswordResetSerializer, "roles": RolesSerializer}
        actions.update(activate=NoBodySerializer, deactivate=NoBodySerializer)
        return actions.get(self.action, UserSerializer)

    def service_create(self, data):
        return org_services.create_user(self.actor, **data)

    @transaction.atomic
    def service_update(self, obj, data):
        roles = data.pop("roles", None)
        if data:
            obj = org_services.update_user(self.actor, obj, **data)
        if roles is not None and set(roles) != set(obj.role_codes):
            obj = org_services.set_roles(self.actor, obj, roles)
        return obj

    def _write(self, serializer_class=NoBodySerializer):
        obj = self.get_object()
        serializer = serializer_class(data=self.request.data or {}, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return obj, serializer.validated_data

    def _answer(self, obj) -> Response:
        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        return Response(UserAdminSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=PasswordResetSerializer, responses={200: UserAdminSerializer})
    @action(detail=True, methods=["post"])
    def password(self, request, pk=None):
        """Reset the account's password: checked against the password policy; the owner must choose a new one at
        the next login, and their sessions end."""
        obj, data = self._write(PasswordResetSerializer)
        return self._answer(services.set_password(self.actor, obj, data["password"], reset=True))

    @extend_schema(request=NoBodySerializer, responses={200: UserAdminSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """Deactivate the account: it can no longer log in nor use its tokens; its sessions end now."""
        obj, _data = self._write()
        return self._answer(services.set_active(self.actor, obj, False))

    @extend_schema(request=NoBodySerializer, responses={200: UserAdminSerializer})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """Activate a deactivated account again."""
        obj, _data = self._write()
        return self._answer(services.set_active(self.actor, obj, True))

    @extend_schema(request=RolesSerializer, responses={200: UserAdminSerializer})
    @action(detail=True, methods=["post"])
    def roles(self, request, pk=None):
        """Give the account exactly these roles: the system administrator the business roles, the security
        administrator any role."""
        self.get_object()  # in scope first (else 404), then the right to give roles (else 403)
        user = request.user
        if not (user.has_perm("org.change_user") or user.has_perm(GRANT_SECURITY_ROLE)):
            raise PermissionDenied
        obj, data = self._write(RolesSerializer)
        return self._answer(org_services.set_roles(self.actor, obj, data["roles"]))
