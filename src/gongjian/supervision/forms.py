from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongjian.indicators import rules as r
from gongjian.org.models import Unit

from . import scoring
from .choices import OUTBOUND_EVENTS, SupervisionKind
from .models import UnitWebhook, WebhookSubscription

__all__ = ["CloseForm", "IssueForm", "ReplyForm", "RulesForm", "SubscriptionForm", "WebhookForm"]


class IssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (SupervisionKind.ORDER, SupervisionKind.ORDER.label),
            (SupervisionKind.LETTER, SupervisionKind.LETTER.label),
        ],
    )
    requirement = forms.CharField(label=_("Reason and requirement"), widget=forms.Textarea(attrs={"rows": 4}))
    reply_by = forms.DateField(label=_("Reply by"), widget=forms.DateInput(attrs={"type": "date"}))


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Attachment"), required=False)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


RULE_LABELS = {
    "grace_days": _("Reporting grace days"),
    "yellow_gap": _("Yellow from a gap of (points)"),
    "red_gap": _("Red above a gap of (points)"),
    "near_due_days": _("Blue within (days of the due date)"),
    "green_achievement": _("Indicator green from (% achieved)"),
    "yellow_achievement": _("Indicator yellow from (% achieved)"),
    "escalation_yellows": _("Yellows in a row that call for a supervision"),
    "red_notice": _("A red issues a supervision notice"),
    "rollup": _("Roll-up of areas and the campaign"),
}
POINT_LABELS = {
    "base": _("Points to start the month with"),
    "green": _("Per green object"),
    "yellow": _("Per yellow object"),
    "red": _("Per red object"),
    "on_time_rate": _("Times the on-time report rate"),
    "overdue_milestone": _("Per overdue milestone"),
    "supervision": _("Per supervision received"),
}


class RulesForm(forms.Form):
    """Every field of indicators.rules.Rules and of scoring.Points, starting from the campaign's values."""

    def __init__(self, *args, rules: r.Rules, points: scoring.Points, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in rules.as_dict().items():
            label = RULE_LABELS[name]
            if name == "red_notice":
                self.fields[name] = forms.BooleanField(label=label, required=False, initial=value)
            elif name == "rollup":
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=[(r.WORST, _("Worst wins")), (r.WEIGHTED, _("Weighted share of items on track"))],
                    initial=value,
                )
            elif name in ("grace_days", "near_due_days", "escalation_yellows"):
                self.fields[name] = forms.IntegerField(label=label, min_value=0, max_value=365, initial=value)
            else:
                self.fields[name] = forms.DecimalField(label=label, min_value=0, max_value=1000, initial=value)
        for name, value in points.as_dict().items():
            self.fields[f"points_{name}"] = forms.DecimalField(
                label=POINT_LABELS[name], max_digits=8, decimal_places=2, initial=value
            )

    def rules_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("points_")}
        for k, v in data.items():
            if hasattr(v, "as_integer_ratio") and not isinstance(v, bool | int):
                data[k] = int(v) if v == v.to_integral_value() else float(v)
        return data

    def points_data(self) -> dict:
        return {k.removeprefix("points_"): v for k, v in self.cleaned_data.items() if k.startswith("points_")}


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("Webhook address"), max_length=500, assume_scheme="https")
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("DingTalk only (加签). Leave empty to keep the stored secret; it is never shown."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the stored secret"), required=False)

    class Meta:
        model = UnitWebhook
        fields = ["unit", "channel", "url", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True)
        if user is not None and not user.has_perm("org.scope_all"):
            units = units.filter(path__startswith=user.unit.path) if user.unit_id else units.none()
        self.fields["unit"].queryset = units
        if self.instance.pk is None:
            self.fields.pop("clear_secret")


class SubscriptionForm(forms.ModelForm):
    """Another system's webhook: its name, address, events and whether it is on. The secret is made by the
    platform and shown once."""

    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(e.value, e.label) for e in OUTBOUND_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "is_active"]
