"""Issuing organisations (文号 series) and the campaigns on the public page are settings: the administrator and the
supervision office change them here, through the services (every change audited). Bulletins, letters and their
stored files change only through their workflow."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from gongjian.core.services import Actor

from . import services
from .models import Issuer, PublicCampaign


class _ServiceAdmin(admin.ModelAdmin):
    service = None
    service_fields: list[str] = []

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in self.service_fields}
        current = type(obj).objects.get(pk=obj.pk) if change else None
        try:
            saved = getattr(services, self.service)(Actor.from_request(request), current, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
            raise
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.unpublish_campaign(Actor.from_request(request), obj)

    def has_delete_permission(self, request, obj=None):
        return self.model is PublicCampaign and super().has_delete_permission(request, obj)


@admin.register(Issuer)
class IssuerAdmin(_ServiceAdmin):
    list_display = ["name", "code", "mark"]
    fields = services.ISSUER_FIELDS
    service = "save_issuer"
    service_fields = services.ISSUER_FIELDS


@admin.register(PublicCampaign)
class PublicCampaignAdmin(_ServiceAdmin):
    list_display = ["campaign", "show_names"]
    fields = services.PUBLIC_FIELDS
    service = "save_public_campaign"
    service_fields = services.PUBLIC_FIELDS
    actions = None
