"""Excel import of actuals: the template, the upload and the report of refused rows (core's one import flow)."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from gongjian.campaigns.models import Campaign
from gongjian.core.excel import xlsx_response
from gongjian.core.services import Actor
from gongjian.core.views.imports import ImportErrorsView, ImportView, UploadForm
from gongjian.core.views.imports import ImportPermissionMixin as BaseImportPermissionMixin

from .. import imports


def _campaigns(user):
    return Campaign.objects.restrict(user, "view").order_by("-year", "name")


class ImportPermissionMixin(BaseImportPermissionMixin):
    def has_import_permission(self, user) -> bool:
        return user.has_perm("indicators.import_indicator") and user.has_perm("indicators.add_actual")


class ActualImportForm(UploadForm):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=gettext_lazy("Campaign"))
    field_order = ["campaign", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["campaign"].queryset = _campaigns(user)


class ActualTemplateView(ImportPermissionMixin, View):
    def get(self, request, campaign_pk: int):
        try:
            campaign = _campaigns(request.user).get(pk=campaign_pk)
        except Campaign.DoesNotExist:
            raise Http404 from None
        return xlsx_response(imports.template_for(Actor.from_request(request), campaign), imports.TEMPLATE_FILENAME)


class ActualImportView(ImportPermissionMixin, ImportView):
    title = gettext_lazy("Import actuals from Excel")
    template_name = "indicators/actual_import.html"
    form_class = ActualImportForm
    errors_url_name = "indicators:actual_import_errors"

    def get_initial(self):
        latest = _campaigns(self.request.user).first()
        return {"campaign": latest.pk} if latest is not None else {}

    def run(self, actor, data, upload):
        return imports.import_actuals(actor, data["campaign"], upload)

    def success_url(self, data, result):
        return f"{reverse('indicators:indicator_list')}?campaign={data['campaign'].pk}"

    def success_message(self, data, result):
        count = len(result.created)
        return ngettext("Imported {count} actual.", "Imported {count} actuals.", count).format(count=count)

    def extra_context(self):
        campaigns = list(_campaigns(self.request.user))
        return {"templates": [(c, reverse("indicators:actual_template", args=[c.pk])) for c in campaigns]}


class ActualImportErrorsView(ImportPermissionMixin, ImportErrorsView):
    pass
