"""Forms of the problem ledger: registering a problem and one small form per workflow action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.forms import DateInput, MultipleFileField
from gongjian.campaigns.models import Item
from gongjian.enterprises.models import Enterprise
from gongjian.org.models import Unit

from .choices import Satisfaction
from .models import Problem, ProblemCategory

__all__ = ["ACTION_FORMS", "ProblemForm"]


class ProblemForm(forms.ModelForm):
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    class Meta:
        model = Problem
        fields = ["title", "description", "source", "category", "enterprise", "item", "visit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "visit": forms.HiddenInput()}

    def __init__(self, *args, user=None, **kwargs):
        from gongjian.pairing.models import Visit

        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view").order_by("name")
        self.fields["item"].queryset = Item.objects.restrict(user, "view").select_related("area").order_by("code")
        self.fields["category"].queryset = ProblemCategory.objects.filter(is_active=True)
        self.fields["visit"].queryset = Visit.objects.restrict(user, "view")
        self.fields["visit"].required = False

    def clean(self):
        data = super().clean()
        if data.get("visit") is not None:
            # A problem raised on a visit concerns the visited enterprise (the service says so again).
            data["enterprise"] = data["visit"].enterprise
            self.instance.enterprise = data["enterprise"]
        if not data.get("enterprise") and not data.get("item") and not data.get("visit"):
            raise forms.ValidationError(_("Name an enterprise or a campaign item (or both)."))
        return data


class _ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput())

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


def _text(label, required=True):
    return forms.CharField(label=label, required=required, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(_ActionForm):
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=Unit.objects.filter(is_active=True))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    text = _text(_("Instructions"), required=False)


class StartForm(_ActionForm):
    text = _text(_("Note"), required=False)


class ApplyForm(_ActionForm):
    text = _text(_("Reply: what was done"))
    attachments = MultipleFileField(label=_("Evidence"), required=False)


_SATISFACTION = [("", "---------"), *Satisfaction.choices]


class VerifyForm(_ActionForm):
    satisfaction = forms.ChoiceField(
        label=_("Enterprise satisfaction"),
        choices=_SATISFACTION,
        required=False,
        help_text=_("Required for a problem the enterprise reported itself."),
    )
    text = _text(_("Verification note"), required=False)


class ReturnForm(_ActionForm):
    text = _text(_("Reason for return"))
    satisfaction = forms.ChoiceField(label=_("Enterprise satisfaction"), choices=_SATISFACTION, required=False)


class CloseForm(_ActionForm):
    text = _text(_("Note"), required=False)


class RequestExtensionForm(_ActionForm):
    deadline = forms.DateField(label=_("New deadline"), widget=DateInput())
    text = _text(_("Reason for the extension"))


class ApproveExtensionForm(_ActionForm):
    text = _text(_("Note"), required=False)


class RejectExtensionForm(_ActionForm):
    text = _text(_("Reason for rejecting"))


ACTION_FORMS = {
    "assign": AssignForm,
    "start": StartForm,
    "apply": ApplyForm,
    "verify": VerifyForm,
    "return": ReturnForm,
    "close": CloseForm,
    "request_extension": RequestExtensionForm,
    "approve_extension": ApproveExtensionForm,
    "reject_extension": RejectExtensionForm,
}
