"""Forms: they validate input and name the field; the services do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.models import Area, Item
from gongjian.core.models import SCOPE_ALL_PERMISSION
from gongjian.core.views.imports import upload_field
from gongjian.org.choices import UnitKind
from gongjian.org.models import Unit, User, leaders_queryset

from . import services
from .models import Building, BuildingPlan, PlanProgress, Replacement, Space, Tenancy, building_scope

__all__ = [
    "BuildingForm",
    "PlanForm",
    "ProgressForm",
    "ReplacementForm",
    "SpaceForm",
    "SurveyImportForm",
    "TenancyForm",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = [*services.BUILDING_FIELDS, *services.LINK_FIELDS]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "areas": forms.CheckboxSelectMultiple()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = Unit.objects.filter(kind=UnitKind.STREET, is_active=True)
        self.fields["floor_leader"].queryset = User.objects.filter(is_active=True)
        if user is not None and user.has_perm(SCOPE_ALL_PERMISSION):  # the supervision office names the areas
            self.fields["areas"].queryset = (
                Area.objects.restrict(user, "view")
                .filter(lead_unit__isnull=False)
                .select_related("campaign", "lead_unit")
                .order_by("-campaign__year", "number")
            )
            items = Item.objects.restrict(user, "view").select_related("area__campaign")
            self.fields["items"].queryset = items.order_by("-area__campaign__year", "code")
            self.fields["items"].widget.attrs.update({"data-search": _("Search by code or title"), "size": 8})
        else:
            for field in services.LINK_FIELDS:
                del self.fields[field]


def _buildings(user):
    if not user:
        return Building.objects.none()
    # the buildings whose data the user keeps (an area's lead unit reads more than it writes)
    return Building.objects.restrict(user, "view").filter(building_scope(user, "", "write")).select_related("street")


class SpaceForm(forms.ModelForm):
    class Meta:
        model = Space
        fields = services.SPACE_FIELDS

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = _buildings(user)
        if self.instance.pk:
            self.fields["building"].disabled = True


class TenancyForm(forms.ModelForm):
    """A tenancy; the tenant is an enterprise of the registry, or a new one registered on the spot."""

    new_credit_code = forms.CharField(
        label=_("New enterprise: unified social credit code"), max_length=18, required=False
    )
    new_name = forms.CharField(label=_("New enterprise: name"), max_length=200, required=False)
    tax_year = forms.IntegerField(label=_("Tax year"), min_value=2000, max_value=2100, required=False)
    tax_amount = forms.DecimalField(
        label=_("District tax that year (万元)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )

    class Meta:
        model = Tenancy
        fields = services.TENANCY_FIELDS
        widgets = {"move_in": DateInput(), "move_out": DateInput()}

    def __init__(self, *args, user=None, can_see_tax=False, **kwargs):
        super().__init__(*args, **kwargs)
        from gongjian.enterprises.models import Enterprise

        self.fields["building"].queryset = _buildings(user)
        self.fields["space"].queryset = Space.objects.restrict(user, "view").select_related("building")
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view").order_by("name")
        self.fields["enterprise"].required = False
        building = self.data.get("building") or self.initial.get("building") or self.instance.building_id
        if str(building or "").isdigit():
            self.fields["space"].queryset = self.fields["space"].queryset.filter(building_id=int(building))
        self.order_fields(["enterprise", "new_credit_code", "new_name", "building", "space"])
        if self.instance.pk:
            for name in ("new_credit_code", "new_name"):
                del self.fields[name]
        if not can_see_tax:
            del self.fields["tax_year"]
            del self.fields["tax_amount"]
        elif not self.initial.get("tax_year"):
            self.initial["tax_year"] = timezone.localdate().year

    def clean(self):
        data = super().clean()
        if not self.instance.pk:
            new = data.get("new_credit_code") or data.get("new_name")
            if data.get("enterprise") is None and not new:
                self.add_error("enterprise", _("Choose an enterprise or register a new one below."))
            elif data.get("enterprise") is not None and new:
                self.add_error("new_name", _("Either choose an enterprise or register a new one, not both."))
            elif new and not (data.get("new_credit_code") and data.get("new_name")):
                self.add_error("new_name", _("A new enterprise needs both its credit code and its name."))
        elif data.get("enterprise") is None:
            self.add_error("enterprise", _("Choose an enterprise."))
        if "tax_amount" in self.fields and data.get("tax_amount") is not None and not data.get("tax_year"):
            self.add_error("tax_year", _("Give the year of the tax."))
        return data


class PlanForm(forms.ModelForm):
    class Meta:
        model = BuildingPlan
        fields = services.PLAN_FIELDS
        widgets = {"measures": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = _buildings(user)
        self.fields["leader"].queryset = leaders_queryset()
        self.fields["floor_leader"].queryset = User.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["building"].disabled = True
            self.fields["year"].disabled = True


class ProgressForm(forms.ModelForm):
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)], coerce=int)

    class Meta:
        model = PlanProgress
        fields = ["quarter", *services.PROGRESS_FIELDS]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def validate_unique(self):
        """The service updates an existing quarter instead of refusing it."""


class ReplacementForm(forms.ModelForm):
    class Meta:
        model = Replacement
        fields = services.REPLACEMENT_FIELDS
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, can_see_tax=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = _buildings(user)
        tenancies = Tenancy.objects.restrict(user, "view").select_related("enterprise", "building")
        self.fields["vacated"].queryset = tenancies
        self.fields["replacement"].queryset = tenancies
        if not can_see_tax:
            del self.fields["tax_per_m2_before"]
            del self.fields["tax_per_m2_after"]


class SurveyImportForm(forms.Form):
    building = forms.ModelChoiceField(
        label=_("Building"),
        queryset=Building.objects.none(),
        required=False,
        help_text=_("Empty: the district's survey, one workbook for every building, with a 楼宇 column."),
    )
    survey_date = forms.DateField(label=_("Survey date"), widget=DateInput())
    file = upload_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = _buildings(user)
        self.fields["survey_date"].initial = timezone.localdate()
