"""Forms: they validate input and name the field; the services do the writing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.core.formats import period_label
from gongjian.org.models import Unit, leaders_queryset

from . import services
from .models import Area, Campaign, Item, LeaderAction, Milestone

__all__ = [
    "AreaForm",
    "CampaignForm",
    "ItemForm",
    "LeaderActionForm",
    "MilestoneForm",
    "MilestoneRecordForm",
    "ReportForm",
    "ReturnForm",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = services.CAMPAIGN_FIELDS
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = services.AREA_FIELDS
        widgets = {"plan_text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders_queryset()
        self.fields["lead_unit"].queryset = Unit.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["campaign"].disabled = True


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = [*services.ITEM_FIELDS, "co_units"]
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "co_units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.restrict(user, "view").select_related("campaign")
        self.fields["leader"].queryset = leaders_queryset()
        units = Unit.objects.filter(is_active=True)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Leave empty to number the item automatically.")

    def clean(self):
        data = super().clean()
        lead, co = data.get("lead_unit"), data.get("co_units")
        if lead is not None and co is not None and lead in co:
            self.add_error("co_units", _("The lead unit cannot also be a co-operating unit."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "planned_date", "actual_date"]
        widgets = {"planned_date": DateInput(), "actual_date": DateInput()}


class MilestoneRecordForm(forms.Form):
    actual_date = forms.DateField(label=_("Actual date"), required=False, widget=DateInput())
    evidence = forms.FileField(label=_("Evidence"), required=False)

    def clean_actual_date(self):
        value = self.cleaned_data["actual_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The actual date cannot be in the future."))
        return value


class ReportForm(forms.Form):
    period_start = forms.TypedChoiceField(label=_("Period"), coerce=dt.date.fromisoformat)
    percent = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    narrative = forms.CharField(label=_("Progress made"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    problems = forms.CharField(
        label=_("Problems met"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000
    )
    next_steps = forms.CharField(
        label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.start.isoformat(), period_label(p)) for p in reversed(services.reportable_periods(item))]
        self.fields["period_start"].choices = choices
        if not self.is_bound and choices:
            self.initial.setdefault("period_start", choices[min(1, len(choices) - 1)][0])


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class LeaderActionForm(forms.ModelForm):
    class Meta:
        model = LeaderAction
        fields = ["leader", "date", "kind", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders_queryset()
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            if user is not None and leaders_queryset().filter(pk=user.pk).exists():
                self.initial.setdefault("leader", user.pk)
