"""Forms of the cadre side. They shape input; the services validate and write.

Links to other modules' objects are validated by the services (against what the acting user may see, with an
audited refusal); the forms only *offer* the objects the user may see.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.models import Item
from gongjian.indicators import rules as r
from gongjian.org.models import Unit, User
from gongjian.pairing.models import Visit
from gongjian.problems.models import Problem
from gongjian.supervision.models import ColourRecord, Supervision

from .choices import (
    AccountabilityForm,
    CommendationGrade,
    Criterion,
    NoteCategory,
    Outcome,
    Recommendation,
    SubjectKind,
)

__all__ = [
    "AccountabilityRecordForm",
    "AttachForm",
    "CaseForm",
    "CommendationForm",
    "DecideForm",
    "NotAcceptForm",
    "NoteForm",
    "OpinionForm",
    "RangeForm",
]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _offer(form, name: str, queryset, label=str) -> None:
    """Validate against every row (the service checks visibility), offer only ``queryset``."""
    form.fields[name].widget.choices = [("", "---------")] + [(o.pk, label(o)) for o in queryset]


def _link(model, label):
    return forms.ModelChoiceField(model.objects.all(), required=False, label=label)


class CaseForm(forms.Form):
    subject_kind = forms.ChoiceField(
        label=_("Concerns"), choices=SubjectKind.choices, widget=forms.RadioSelect, initial=SubjectKind.PERSON
    )
    title = forms.CharField(label=_("Subject"), max_length=200)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 6}))
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met"), choices=Criterion.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    item = _link(Item, _("Item"))
    problem = _link(Problem, _("Problem"))
    colour_record = _link(ColourRecord, _("Warning (red or yellow light)"))
    supervision = _link(Supervision, _("Supervision (督办)"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self, "item", Item.objects.restrict(user, "view").order_by("area__number", "code")[:500])
        _offer(self, "problem", Problem.objects.restrict(user, "view").order_by("-raised_at")[:300])
        _offer(
            self,
            "colour_record",
            ColourRecord.objects.restrict(user, "view")
            .filter(colour__in=(r.RED, r.YELLOW))
            .order_by("-judged_on", "-id")[:300],
            lambda c: f"{c.object_repr} · {c.period} · {c.get_colour_display()}",
        )
        _offer(self, "supervision", Supervision.objects.restrict(user, "view").order_by("-issued_on")[:300])


class NotAcceptForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class OpinionForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    confirmed = forms.MultipleChoiceField(
        label=_("Criteria confirmed"), choices=Criterion.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "---------"), *Outcome.choices], required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    corrective_measures = forms.CharField(
        label=_("Corrective measures (纠错)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File"))


def _people():
    return User.objects.filter(is_active=True).select_related("unit").order_by("unit__sort_order", "username")


class NoteForm(forms.Form):
    cadre = forms.ModelChoiceField(_people(), label=_("Cadre"))
    observed_on = forms.DateField(label=_("Date"), widget=DATE)
    category = forms.ChoiceField(label=_("Category"), choices=NoteCategory.choices)
    item = _link(Item, _("Item"))
    visit = _link(Visit, _("Visit"))
    problem = _link(Problem, _("Problem"))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    text = forms.CharField(label=_("Observation"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = _people()
        _offer(self, "item", Item.objects.restrict(user, "view").order_by("area__number", "code")[:500])
        _offer(
            self,
            "visit",
            Visit.objects.restrict(user, "view").select_related("enterprise", "visitor").order_by("-date")[:300],
            lambda v: f"{v.date:%Y-%m-%d} {v.visitor} · {v.enterprise}",
        )
        _offer(self, "problem", Problem.objects.restrict(user, "view").order_by("-raised_at")[:300])


class _SubjectForm(forms.Form):
    subject_kind = forms.ChoiceField(
        label=_("Concerns"), choices=SubjectKind.choices, widget=forms.RadioSelect, initial=SubjectKind.PERSON
    )
    person = forms.ModelChoiceField(_people(), label=_("Cadre"), required=False)
    unit = forms.ModelChoiceField(Unit.objects.filter(is_active=True), label=_("Unit"), required=False)


class CommendationForm(_SubjectForm):
    grade = forms.ChoiceField(label=_("Grade"), choices=CommendationGrade.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    item = _link(Item, _("Item"))
    awarded_on = forms.DateField(label=_("Date"), widget=DATE)
    awarded_by = forms.CharField(label=_("Approving body"), max_length=100)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self, "item", Item.objects.restrict(user, "view").order_by("area__number", "code")[:500])


class AccountabilityRecordForm(_SubjectForm):
    form = forms.ChoiceField(label=_("Form"), choices=AccountabilityForm.choices)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 3}))
    item = _link(Item, _("Item"))
    colour_record = _link(ColourRecord, _("Warning (red or yellow light)"))
    supervision = _link(Supervision, _("Supervision (督办)"))
    decided_on = forms.DateField(label=_("Date"), widget=DATE)
    decided_by_body = forms.CharField(label=_("Deciding body"), max_length=100)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self, "item", Item.objects.restrict(user, "view").order_by("area__number", "code")[:500])
        _offer(
            self,
            "colour_record",
            ColourRecord.objects.restrict(user, "view").filter(colour=r.RED).order_by("-judged_on", "-id")[:300],
            lambda c: f"{c.object_repr} · {c.period} · {c.get_colour_display()}",
        )
        _offer(self, "supervision", Supervision.objects.restrict(user, "view").order_by("-issued_on")[:300])


class RangeForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)
