"""Excel import of actuals: the template, the upload and the report of refused rows."""

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

from gongjian.campaigns.models import Campaign
from gongjian.core.excel import XLSX_CONTENT_TYPE, xlsx_response
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.core.xlsx_import import error_report_response, store_error_report

from .. import imports

ERRORS_SHOWN = 500


def _campaigns(user):
    return Campaign.objects.restrict(user, "view").order_by("-year", "name")


class ImportPermissionMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (
            request.user.has_perm("indicators.import_indicator") and request.user.has_perm("indicators.add_actual")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ActualImportForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=gettext_lazy("Campaign"))
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns(user)


class ActualTemplateView(ImportPermissionMixin, View):
    def get(self, request, campaign_pk: int):
        try:
            campaign = _campaigns(request.user).get(pk=campaign_pk)
        except Campaign.DoesNotExist:
            raise Http404 from None
        return xlsx_response(imports.template_for(Actor.from_request(request), campaign), imports.TEMPLATE_FILENAME)


class ActualImportView(ImportPermissionMixin, View):
    template_name = "indicators/actual_import.html"

    def get(self, request):
        campaigns = _campaigns(request.user)
        initial = {}
        if (latest := campaigns.first()) is not None:
            initial["campaign"] = latest.pk
        return self.render(ActualImportForm(user=request.user, initial=initial))

    def post(self, request):
        form = ActualImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        campaign = form.cleaned_data["campaign"]
        upload = form.cleaned_data["file"]
        actor = Actor.from_request(request, source=AuditLog.Source.IMPORT)
        result = imports.import_actuals(actor, campaign, upload)
        if result.ok:
            count = len(result.created)
            messages.success(
                request, ngettext("Imported {count} actual.", "Imported {count} actuals.", count).format(count=count)
            )
            return HttpResponseRedirect(f"{reverse('indicators:indicator_list')}?campaign={campaign.pk}")
        token = store_error_report(request, result.errors)
        return self.render(
            form,
            status=400,
            result=result,
            errors=result.errors[:ERRORS_SHOWN],
            more_errors=result.error_count - min(len(result.errors), ERRORS_SHOWN),
            report_url=reverse("indicators:actual_import_errors", args=[token]),
            file_name=upload.name,
        )

    def render(self, form, status: int = 200, **context):
        campaigns = list(_campaigns(self.request.user))
        return render(
            self.request,
            self.template_name,
            {
                "title": _("Import actuals from Excel"),
                "form": form,
                "templates": [(c, reverse("indicators:actual_template", args=[c.pk])) for c in campaigns],
                **context,
            },
            status=status,
        )


class ActualImportErrorsView(ImportPermissionMixin, View):
    def get(self, request, token: str):
        return error_report_response(request, token, _("Import errors") + ".xlsx")


# --- targets of a plan-from-text draft --------------------------------------------------------------------
