"""REST endpoints of the org app: units (read-only) and users as others see them (the writes: accounts.api_users)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongjian.core.api import ReadOnlyRestrictedViewSet, StrictModelSerializer

from .choices import RoleChoices
from .filtersets import UnitFilterSet, UserFilterSet
from .models import Unit, User

__all__ = ["UnitSerializer", "UnitViewSet", "UserSerializer", "UserViewSet", "register"]


class UnitSerializer(StrictModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "code", "kind", "parent"]
        read_only_fields = fields


class UserSerializer(StrictModelSerializer):
    """A user as others see them: no password, no e-mail, no phone."""

    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "title", "unit", "roles"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=RoleChoices.choices)))
    def get_roles(self, obj) -> list[str]:
        return obj.role_codes


class UnitViewSet(ReadOnlyRestrictedViewSet):
    """Units of the district (区委, 区政府, bureaus, streets, parks): the organisation chart."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet


class UserViewSet(ReadOnlyRestrictedViewSet):
    """Users within the requester's scope; needs ``org.view_user``."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    prefetch_related = ("groups",)


def register(router) -> None:
    router.register("units", UnitViewSet, basename="unit")
    # /api/users/ is registered by gongjian.accounts (UserAdminViewSet: this list, and the administrator's writes)
