"""Forms of the registry. They validate input; the services write."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.org.choices import RoleChoices, UnitKind
from gongjian.org.models import Unit, User

from . import uscc
from .models import FIGURE_FIELDS, CultivationRecord, Enterprise, EnterpriseFigure, Industry, ScaleCategory, TierBand
from .models import TierSettings as TierSettingsModel
from .services import ENTERPRISE_FIELDS

__all__ = [
    "CultivationForm",
    "EnterpriseForm",
    "FigureForm",
    "RefreshStatusForm",
    "ScaleCategoryForm",
    "TierBandForm",
    "TierSettingsForm",
]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        # the service's fields but the industry, which follows from the industry code
        fields = [f for f in ENTERPRISE_FIELDS if f != "industry"]
        widgets = {
            "former_names": forms.Textarea(attrs={"rows": 2}),
            "registered_on": DATE,
            "production_started_on": DATE,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        streets = Unit.objects.filter(kind=UnitKind.STREET, is_active=True)
        if user is not None and not (user.has_perm("org.scope_all") or user.has_perm("enterprises.manage_registry")):
            # Users limited to their own streets choose among them, and must choose one.
            path = user.unit.path if user.unit_id else "/-/"
            streets = streets.filter(path__startswith=path)
            self.fields["street"].required = True
        self.fields["street"].queryset = streets
        self.fields["industry_code"].required = True
        self.fields["industry_code"].help_text = _(
            "GB/T 4754-2017: a division (two digits, e.g. 13) or a finer class (e.g. 1391)."
        )

    def clean_credit_code(self):
        return uscc.normalise(self.cleaned_data["credit_code"])

    def clean_industry_code(self):
        code = "".join((self.cleaned_data.get("industry_code") or "").split())
        if code and (not code.isdigit() or len(code) < 2 or not Industry.objects.filter(code=code[:2]).exists()):
            raise forms.ValidationError(_("Unknown industry code {code}.").format(code=code))
        return code


class FigureForm(forms.ModelForm):
    """One period's figures: ``month`` empty for the whole year.

    ``loaded`` names the period whose stored figures the form was opened with: a period that already has
    figures is only overwritten from a form opened on it (every field is sent, and empty clears a figure).
    """

    loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = EnterpriseFigure
        fields = ["year", "month", *FIGURE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].help_text = _(
            "Leave empty for the whole year's figures; 1–12 for that month's own amount."
        )
        for name in FIGURE_FIELDS:
            if name != "employees":
                self.fields[name].widget.attrs["step"] = "any"
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year

    def validate_unique(self):
        """The service updates the period's row when it exists: no duplicate-period error here."""

    def _post_clean(self):
        # The service validates the figures (negatives, whole numbers) and writes; skip the instance update.
        pass


class CultivationForm(forms.ModelForm):
    class Meta:
        model = CultivationRecord
        fields = [
            "cadre",
            "target_year",
            "project_measures",
            "tech_measures",
            "finance_measures",
            "progress",
            "status",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("project_measures", "tech_measures", "finance_measures", "progress")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = User.objects.filter(
            is_active=True, groups__name__in=[RoleChoices.CADRE, RoleChoices.UNIT_ADMIN, RoleChoices.LEADER]
        ).distinct()

    def _post_clean(self):
        pass


class ScaleCategoryForm(forms.ModelForm):
    class Meta:
        model = ScaleCategory
        fields = ["name", "industries", "basis", "threshold", "sort_order", "is_active"]

    def _post_clean(self):
        pass


class TierBandForm(forms.ModelForm):
    class Meta:
        model = TierBand
        fields = ["name", "floor", "is_active"]

    def _post_clean(self):
        pass


class TierSettingsForm(forms.ModelForm):
    class Meta:
        model = TierSettingsModel
        fields = ["near_low", "pool_share"]

    def _post_clean(self):
        pass


class RefreshStatusForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
