"""Administration of units and users (系统管理员). Saves go through org.services, so they are audited."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongjian.core.services import Actor

from . import services
from .choices import RoleChoices
from .models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    ordering = ["path"]
    fields = services.UNIT_FIELDS

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in services.UNIT_FIELDS if f in form.cleaned_data}
        actor = Actor.from_request(request)
        try:
            if change:
                services.update_unit(actor, Unit.objects.get(pk=obj.pk), **data)
            else:
                created = services.create_unit(actor, **data)
                obj.pk = created.pk
        except ValidationError as exc:  # pragma: no cover - the form already validated
            raise forms.ValidationError(exc.messages) from exc

    def has_delete_permission(self, request, obj=None):
        return False  # units are deactivated, never deleted: items and history refer to them


class RoleField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=RoleChoices.choices, widget=forms.CheckboxSelectMultiple, required=False, **kwargs)


class UserChangeForm(forms.ModelForm):
    roles = RoleField(label=_("Roles"))

    class Meta:
        model = User
        fields = services.USER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = list(self.instance.groups.values_list("name", flat=True))


class UserCreateForm(UserChangeForm):
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreateForm
    list_display = ["username", "display_name", "unit", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "unit__kind"]
    search_fields = ["username", "display_name", "first_name", "last_name", "unit__name"]
    ordering = ["username"]
    fieldsets = [(None, {"fields": [*services.USER_FIELDS, "roles"]})]
    add_fieldsets = [(None, {"fields": [*services.USER_FIELDS, "roles", "password"]})]
    filter_horizontal = []

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in services.USER_FIELDS if f in form.cleaned_data}
        roles = form.cleaned_data.get("roles", [])
        actor = Actor.from_request(request)
        if change:
            user = services.update_user(actor, User.objects.get(pk=obj.pk), **data)
            services.set_roles(actor, user, roles)
        else:
            user = services.create_user(actor, password=form.cleaned_data.get("password"), roles=roles, **data)
            obj.pk = user.pk

    def save_related(self, request, form, formsets, change):
        pass  # roles were set by the service

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are disabled (is_active), never deleted: the audit log names them


admin.site.unregister(Group)
