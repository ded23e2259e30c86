"""Excel import of the task list: the template download, the upload page and the error report download."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from gongjian.core.excel import xlsx_response
from gongjian.core.views.imports import ImportErrorsView, ImportPermissionMixin, ImportView, UploadForm

from .imports import TEMPLATE_FILENAME, import_items, item_template_bytes
from .models import Campaign

__all__ = ["ItemImportErrorsView", "ItemImportView", "ItemTemplateView"]

IMPORT_PERMISSION = "campaigns.import_item"


def _campaigns(user):
    return Campaign.objects.restrict(user, "view").order_by("-year", "name")


class ItemImportForm(UploadForm):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=gettext_lazy("Campaign"))
    field_order = ["campaign", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["campaign"].queryset = _campaigns(user)


class ItemTemplateView(ImportPermissionMixin, View):
    """GET: the import workbook for one campaign (清单导入模板.xlsx)."""

    permission = IMPORT_PERMISSION

    def get(self, request, campaign_pk: int):
        try:
            campaign = _campaigns(request.user).get(pk=campaign_pk)
        except Campaign.DoesNotExist:
            raise Http404 from None
        return xlsx_response(item_template_bytes(campaign), TEMPLATE_FILENAME)


class ItemImportView(ImportView):
    """GET: the upload form. POST: check the file; every error is listed, or every row is imported."""

    permission = IMPORT_PERMISSION
    title = gettext_lazy("Import the task list from Excel")
    template_name = "campaigns/item_import.html"
    form_class = ItemImportForm
    errors_url_name = "campaigns:item_import_errors"

    def run(self, actor, data, upload):
        return import_items(actor, data["campaign"], upload)

    def success_url(self, data, result):
        return f"{reverse('campaigns:item_list')}?campaign={data['campaign'].pk}"

    def success_message(self, data, result):
        count = len(result.created)
        return ngettext("Imported {count} item.", "Imported {count} items.", count).format(count=count)

    def get_initial(self):
        campaigns = _campaigns(self.request.user)
        chosen = self.request.GET.get("campaign")
        if chosen and chosen.isdigit() and campaigns.filter(pk=chosen).exists():
            return {"campaign": int(chosen)}
        if (latest := campaigns.first()) is not None:
            return {"campaign": latest.pk}
        return {}

    def extra_context(self):
        campaigns = list(_campaigns(self.request.user))
        return {"templates": [(c, reverse("campaigns:item_template", args=[c.pk])) for c in campaigns]}


class ItemImportErrorsView(ImportErrorsView):
    permission = IMPORT_PERMISSION
