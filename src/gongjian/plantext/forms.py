from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.choices import ItemKind
from gongjian.campaigns.forms import DateInput
from gongjian.campaigns.models import Campaign
from gongjian.org.models import Unit, leaders_queryset

from .messages import error_message
from .reader import EXTENSIONS, MAX_BYTES, ReadError, check_text, read_document


class PlanTextForm(forms.Form):
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    file = forms.FileField(
        label=_("or a file (.txt, .docx, .pdf with a text layer)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    document_date = forms.DateField(label=_("Document date"), initial=timezone.localdate, widget=DateInput())

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = data.get("text") or ""
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(error_message("too_large", mb=MAX_BYTES // (1024 * 1024)))
            try:
                text = read_document(upload.name, upload.read())
            except ReadError as exc:
                raise forms.ValidationError(error_message(exc.code, **exc.params)) from exc
            data["source_name"] = upload.name[:255]
        else:
            try:
                check_text(text)
            except ReadError as exc:
                raise forms.ValidationError(error_message(exc.code, **exc.params)) from exc
            data["source_name"] = ""
        text = text.replace("\x00", "")
        if not text.strip():
            raise forms.ValidationError(_("Paste a text or choose a file."))
        data["content"] = text
        return data


class CreateForm(forms.Form):
    """The campaign and the defaults of the items created from the accepted measures."""

    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("Campaign"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices, initial=ItemKind.TASK)
    leader = forms.ModelChoiceField(queryset=leaders_queryset(), label=_("Responsible leader"))
    lead_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Lead unit"))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.restrict(user, "view").order_by("-year", "name")
        self.fields["leader"].queryset = leaders_queryset()
        self.fields["lead_unit"].queryset = Unit.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("due_date") and data["due_date"] < data["start_date"]:
            self.add_error("due_date", _("The due date is before the start date."))
        return data
