"""Forms of pairing: they validate input and name the field; the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.forms import DateInput, MultipleFileField
from gongjian.enterprises.models import Enterprise
from gongjian.org.models import User

from .models import Pairing, Visit

__all__ = ["PairingForm", "VisitForm"]


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


class VisitForm(forms.ModelForm):
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    class Meta:
        model = Visit
        fields = ["enterprise", "date", "companions", "met_with", "discussed"]
        widgets = {"date": DateInput(), "discussed": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view").order_by("name")
