"""Excel import of the task list: the template download, the upload page and the error report download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from gongjian.core.excel import XLSX_CONTENT_TYPE, xlsx_response
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.core.xlsx_import import error_report_response, store_error_report

from .imports import TEMPLATE_FILENAME, import_items, item_template_bytes
from .models import Campaign

__all__ = ["ItemImportErrorsView", "ItemImportView", "ItemTemplateView"]

IMPORT_PERMISSION = "campaigns.import_item"
#: Errors shown on the page; the downloadable report has them all.
ERRORS_SHOWN = 500


def _campaigns(user):
    return Campaign.objects.restrict(user, "view").order_by("-year", "name")


class ImportPermissionMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ItemImportForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=gettext_lazy("Campaign"))
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns(user)


class ItemTemplateView(ImportPermissionMixin, View):
    """GET: the import workbook for one campaign (清单导入模板.xlsx)."""

    def get(self, request, campaign_pk: int):
        try:
            campaign = _campaigns(request.user).get(pk=campaign_pk)
        except Campaign.DoesNotExist:
            raise Http404 from None
        return xlsx_response(item_template_bytes(campaign), TEMPLATE_FILENAME)


class ItemImportView(ImportPermissionMixin, View):
    """GET: the upload form. POST: check the file; every error is listed, or every row is imported."""

    template_name = "campaigns/item_import.html"

    def get(self, request):
        campaigns = _campaigns(request.user)
        initial = {}
        chosen = request.GET.get("campaign")
        if chosen and chosen.isdigit() and campaigns.filter(pk=chosen).exists():
            initial["campaign"] = int(chosen)
        elif (latest := campaigns.first()) is not None:
            initial["campaign"] = latest.pk
        return self.render(ItemImportForm(user=request.user, initial=initial))

    def post(self, request):
        form = ItemImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        campaign = form.cleaned_data["campaign"]
        upload = form.cleaned_data["file"]
        actor = Actor.from_request(request, source=AuditLog.Source.IMPORT)
        result = import_items(actor, campaign, upload)
        if result.ok:
            count = len(result.created)
            messages.success(
                request, ngettext("Imported {count} item.", "Imported {count} items.", count).format(count=count)
            )
            return HttpResponseRedirect(f"{reverse('campaigns:item_list')}?campaign={campaign.pk}")
        token = store_error_report(request, result.errors)
        return self.render(
            form,
            status=400,
            result=result,
            errors=result.errors[:ERRORS_SHOWN],
            more_errors=result.error_count - min(len(result.errors), ERRORS_SHOWN),
            report_url=reverse("campaigns:item_import_errors", args=[token]),
            file_name=upload.name,
        )

    def render(self, form, status: int = 200, **context):
        campaigns = list(_campaigns(self.request.user))
        return render(
            self.request,
            self.template_name,
            {
                "title": _("Import the task list from Excel"),
                "form": form,
                "templates": [(c, reverse("campaigns:item_template", args=[c.pk])) for c in campaigns],
                **context,
            },
            status=status,
        )


class ItemImportErrorsView(ImportPermissionMixin, View):
    """GET: the errors of this session's last failed import, as a workbook (行, 列, 错误)."""

    def get(self, request, token: str):
        return error_report_response(request, token, _("Import errors") + ".xlsx")
