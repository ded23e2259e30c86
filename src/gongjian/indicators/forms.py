"""Forms: they take input and name the field; the services validate the figures and write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.models import Area, Campaign
from gongjian.core.registry import data_sources
from gongjian.org.models import Unit, leaders_queryset

from . import services
from .choices import UNIT_FACTORS, UNITS, Comparator, IndicatorKind
from .models import Indicator, fmt
from .queries import periods_of

__all__ = ["ActualForm", "BenchmarkForm", "IndicatorForm", "PlannedValuesForm", "ReturnForm"]

YTD, OWN = "ytd", "period"


class IndicatorForm(forms.ModelForm):
    unit = forms.ChoiceField(label=_("unit of measure"), choices=[(u, u) for u in UNITS])

    class Meta:
        model = Indicator
        fields = [f for f in services.INDICATOR_FIELDS if f != "year"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.restrict(user, "view").order_by("-year", "name")
        self.fields["area"].queryset = Area.objects.restrict(user, "view").select_related("campaign")
        self.fields["leader"].queryset = leaders_queryset()
        self.fields["lead_unit"].queryset = Unit.objects.filter(is_active=True)
        self.fields["source_unit"].queryset = Unit.objects.filter(is_active=True)
        keys = "、".join(sorted(data_sources)) or "—"
        self.fields["source_key"].help_text = _("Registered data sources: {keys}.").format(keys=keys)
        if self.instance.pk:
            self.fields["campaign"].disabled = True

    def _post_clean(self):
        # The year follows the campaign; the service checks the rest (and names the field).
        campaign = self.cleaned_data.get("campaign") or (self.instance.campaign if self.instance.campaign_id else None)
        if campaign is not None and not self.instance.year:
            self.instance.year = campaign.year
        super()._post_clean()


def _period_choices(ind: Indicator, today: dt.date, ended_only: bool = True) -> list[tuple[str, str]]:
    ps = [p for p in periods_of(ind.year, ind.frequency) if not ended_only or p.end < today]
    return [(p.start.isoformat(), p.label()) for p in reversed(ps)]


def _parse_period(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class ActualForm(forms.Form):
    period_start = forms.CharField(label=_("Period"))
    value = forms.CharField(label=_("Value"), max_length=40)
    unit = forms.ChoiceField(label=_("Unit of the value"), required=False)
    entry = forms.ChoiceField(
        label=_("The value is"),
        choices=[(OWN, _("the period's own amount")), (YTD, _("the total since the start of the year"))],
        initial=OWN,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, indicator: Indicator, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.indicator = indicator
        choices = _period_choices(indicator, today)
        # Every period of the year is offered as a value, so that a future one is refused with its reason.
        self.fields["period_start"] = forms.ChoiceField(
            label=_("Period"), choices=choices or [("", "—")], initial=choices[0][0] if choices else None
        )
        self.fields["period_start"].valid_value = lambda v: _parse_period(v) is not None
        units = [indicator.unit] + [u for u in UNIT_FACTORS if u != indicator.unit and indicator.unit in UNIT_FACTORS]
        self.fields["unit"].choices = [(u, u) for u in units]
        self.fields["unit"].initial = indicator.unit
        if indicator.kind != IndicatorKind.CUMULATIVE:
            del self.fields["entry"]
        self.fields["value"].help_text = _("In {unit}; for example 3 or 2.5.").format(unit=indicator.unit)

    def clean_period_start(self):
        value = _parse_period(self.cleaned_data["period_start"])
        if value is None:
            raise forms.ValidationError(_("Choose the period."))
        return value


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}))


class BenchmarkForm(forms.Form):
    period_start = forms.ChoiceField(label=_("Period"))
    region = forms.CharField(label=_("Peer region"), max_length=60)
    value = forms.CharField(label=_("Value"), max_length=40)
    source = forms.CharField(label=_("Source"), max_length=120, required=False)

    def __init__(self, *args, indicator: Indicator, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["period_start"].choices = _period_choices(indicator, today, ended_only=False)
        help_text = _("Year to date, in {unit}.") if indicator.is_cumulative else _("In {unit}.")
        self.fields["value"].help_text = help_text.format(unit=indicator.unit)

    def clean_period_start(self):
        return _parse_period(self.cleaned_data["period_start"])


class PlannedValuesForm(forms.Form):
    """One field per period (two for a range). All empty: the linear plan."""

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.periods = list(periods_of(indicator.year, indicator.frequency))
        current = {pv.period_start: pv for pv in indicator.planned_values.all()}
        is_range = indicator.comparator == Comparator.RANGE
        for p in self.periods:
            pv = current.get(p.start)
            self.fields[f"p_{p.start.isoformat()}"] = forms.CharField(
                label=p.label(), required=False, initial=fmt(pv.value) if pv else ""
            )
            if is_range:
                self.fields[f"h_{p.start.isoformat()}"] = forms.CharField(
                    label=_("{period}, upper bound").format(period=p.label()),
                    required=False,
                    initial=fmt(pv.value_high) if pv and pv.value_high is not None else "",
                )

    def values(self) -> dict[dt.date, object]:
        out: dict[dt.date, object] = {}
        is_range = self.indicator.comparator == Comparator.RANGE
        for p in self.periods:
            low = (self.cleaned_data.get(f"p_{p.start.isoformat()}") or "").strip()
            high = (self.cleaned_data.get(f"h_{p.start.isoformat()}") or "").strip() if is_range else ""
            if low or high:
                out[p.start] = (low, high or None) if is_range else low
        return out
