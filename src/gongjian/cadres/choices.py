"""Choices of the cadre side: case states and outcomes, criteria, note categories, award grades, 问责 forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import workflow as wf

__all__ = [
    "AccountabilityForm",
    "CaseState",
    "CommendationGrade",
    "Criterion",
    "NoteCategory",
    "Outcome",
    "Recommendation",
    "SubjectKind",
]


class SubjectKind(models.TextChoices):
    PERSON = "person", _("A cadre (个人)")
    UNIT = "unit", _("A unit (单位)")


class CaseState(models.TextChoices):
    APPLIED = wf.APPLIED, _("Applied (已申请)")
    ACCEPTED = wf.ACCEPTED, _("Under investigation (调查核实中)")
    NOT_ACCEPTED = wf.NOT_ACCEPTED, _("Not accepted (不予受理)")
    REVIEWED = wf.REVIEWED, _("Reviewed, awaiting decision (已会商)")
    DECIDED = wf.DECIDED, _("Decided (已认定)")


class Outcome(models.TextChoices):
    EXEMPTED = wf.EXEMPTED, _("Exempted (免责)")
    PARTLY = wf.PARTLY, _("Partly exempted (从轻减轻)")
    REFUSED = wf.REFUSED, _("Not exempted (不予容错)")


class Recommendation(models.TextChoices):
    EXEMPTED = wf.EXEMPTED, _("Exempt (建议免责)")
    PARTLY = wf.PARTLY, _("Partly exempt (建议从轻减轻)")
    REFUSED = wf.REFUSED, _("Do not exempt (建议不予容错)")


class Criterion(models.TextChoices):
    """The checklist of a case (three distinctions, 三个区分开来); the codes are those of workflow.CRITERIA."""

    PUBLIC_INTEREST = "public_interest", _("Acted for the public interest and the campaign's goals")
    DUE_PROCEDURE = "due_procedure", _("Decided by the required procedure")
    NO_PERSONAL_GAIN = "no_personal_gain", _("No personal gain")
    NO_REPEAT = "no_repeat", _("Not a repeated error")
    LOSSES_REMEDIED = "losses_remedied", _("Losses remedied in time")


class NoteCategory(models.TextChoices):
    INITIATIVE = "initiative", _("Taking responsibility (担当作为)")
    RESULTS = "results", _("Results in the campaign (攻坚成效)")
    CONDUCT = "conduct", _("Work style (作风)")
    PROBLEM = "problem", _("Problems (问题)")


class CommendationGrade(models.TextChoices):
    PRAISE = "praise", _("Public praise (通报表扬)")
    COMMENDATION = "commendation", _("Commendation (嘉奖)")
    MERIT_3 = "merit3", _("Third-class merit (记三等功)")
    MERIT_2 = "merit2", _("Second-class merit (记二等功)")
    MERIT_1 = "merit1", _("First-class merit (记一等功)")
    TITLE = "title", _("Honorary title (授予称号)")


class AccountabilityForm(models.TextChoices):
    INTERVIEW = "interview", _("Admonishing talk (约谈)")
    CRITICISM = "criticism", _("Notice of criticism (通报批评)")
    NOTICE = "notice", _("Accountability: notice (问责·通报)")
    ADMONITION = "admonition", _("Accountability: admonition (问责·诫勉)")
    ADJUSTMENT = "adjustment", _("Accountability: organisational adjustment (问责·组织调整)")
    SANCTION = "sanction", _("Accountability: disciplinary sanction (问责·纪律处分)")
