"""Forms of pairing: they validate input and name the field; the services write."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.forms import DateInput, MultipleFileField
from gongjian.core.models import SCOPE_ALL_PERMISSION
from gongjian.enterprises.models import Enterprise
from gongjian.org.models import User

from .models import Pairing, Visit, active_on

__all__ = ["PairingForm", "VisitForm", "visitable_enterprises"]


class PairingForm(forms.ModelForm):
    class Meta:
        model = Pairing
        fields = ["enterprise", "person", "role", "start_date", "end_date", "note"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view").order_by("name")
        self.fields["person"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=["leader", "cadre"]).distinct().order_by("username")
        )


def visitable_enterprises(user):
    """The enterprises a user records visits to: their own pairings in force today (包保企业), through restrict();
    whoever sees the whole campaign (leaders, 督查) may visit any enterprise they see."""
    qs = Enterprise.objects.restrict(user, "view")
    if not user.has_perm(SCOPE_ALL_PERMISSION):
        paired = Pairing.objects.filter(active_on(timezone.localdate()), person=user).values("enterprise_id")
        qs = qs.filter(pk__in=paired)
    return qs.order_by("name")


class VisitForm(forms.ModelForm):
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    class Meta:
        model = Visit
        fields = ["enterprise", "date", "companions", "met_with", "discussed"]
        widgets = {"date": DateInput(), "discussed": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        field.queryset = visitable_enterprises(user)
        field.widget.attrs["data-search"] = _("Search by name or credit code")
        field.error_messages["invalid_choice"] = _(
            "Enterprise: choose one of the enterprises you are paired with (包保企业)."
        )
