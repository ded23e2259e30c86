"""Pages of the cadre side: 容错免责 cases, 一线考察 notes, 实绩档案 with its Word export, commendation and
accountability. Each page first asks for the module permission held through a role (403 otherwise); single
objects come from restrict() (404 outside it)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from gongjian.campaigns import queries as campaign_queries
from gongjian.campaigns.views import _file_response
from gongjian.core.excel import export_mark
from gongjian.core.services import Actor, record
from gongjian.core.views.generic import apply_service_errors
from gongjian.org.models import User

from . import export, queries, services
from . import workflow as wf
from .choices import CaseState, Criterion
from .forms import (
    AccountabilityRecordForm,
    AttachForm,
    CaseForm,
    CommendationForm,
    DecideForm,
    NotAcceptForm,
    NoteForm,
    OpinionForm,
    RangeForm,
)
from .models import Accountability, CaseAttachment, CaseOpinion, Commendation, FieldNote, ToleranceCase, holds


def _require(request, codename: str) -> None:
    if not holds(request.user, codename):
        raise PermissionDenied


def _page(request, qs, per_page: int = 50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _form_page(request, title, form, cancel_url, status=200):
    return render(
        request, "core/object_edit.html", {"title": title, "form": form, "cancel_url": cancel_url}, status=status
    )


# --- cases ---------------------------------------------------------------------------------------------------


class CaseListView(LoginRequiredMixin, View):
    def get(self, request):
        _require(request, "view_tolerancecase")
        qs = (
            ToleranceCase.objects.restrict(request.user, "view")
            .select_related("person", "unit", "applicant")
            .order_by("-applied_on", "-id")
        )
        state = request.GET.get("state", "")
        if state in CaseState.values:
            qs = qs.filter(state=state)
        return render(
            request,
            "cadres/case_list.html",
            {
                "title": _("Tolerance cases (容错免责)"),
                "page": _page(request, qs),
                "states": CaseState.choices,
                "state": state,
                "can_apply": holds(request.user, "add_tolerancecase"),
            },
        )


def _case_data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items()}


class CaseCreateView(LoginRequiredMixin, View):
    def get(self, request):
        _require(request, "add_tolerancecase")
        return _form_page(
            request, _("Apply for tolerance (容错免责)"), CaseForm(user=request.user), reverse("cadres:case_list")
        )

    def post(self, request):
        _require(request, "add_tolerancecase")
        form = CaseForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                case = services.apply_case(Actor.from_request(request), **_case_data(form))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The application was filed as {number}.").format(number=case.number))
                return HttpResponseRedirect(case.get_absolute_url())
        return _form_page(request, _("Apply for tolerance (容错免责)"), form, reverse("cadres:case_list"), 400)


def _case(request, pk, action="view") -> ToleranceCase:
    _require(request, "view_tolerancecase")
    case = (
        ToleranceCase.objects.restrict(request.user, action)
        .select_related("person", "unit", "applicant", "item", "problem", "colour_record", "supervision")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


class CaseEditView(LoginRequiredMixin, View):
    def _load(self, request, pk):
        case = _case(request, pk)
        _require(request, "change_tolerancecase")
        if case.applicant_id != request.user.pk:
            raise PermissionDenied
        return case

    def _title(self, case):
        return _("Change the application {number}").format(number=case.number)

    def get(self, request, pk):
        case = self._load(request, pk)
        initial = {
            "subject_kind": case.subject_kind,
            "title": case.title,
            "facts": case.facts,
            "criteria": [c for c, ok in (case.criteria or {}).items() if ok],
            "item": case.item_id,
            "problem": case.problem_id,
            "colour_record": case.colour_record_id,
            "supervision": case.supervision_id,
        }
        return _form_page(
            request, self._title(case), CaseForm(initial=initial, user=request.user), case.get_absolute_url()
        )

    def post(self, request, pk):
        case = self._load(request, pk)
        form = CaseForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.update_case(Actor.from_request(request), case, **_case_data(form))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(case.get_absolute_url())
        return _form_page(request, self._title(case), form, case.get_absolute_url(), 400)


ACTIONS = {
    "accept": (None, lambda actor, case, data: services.accept_case(actor, case)),
    "not_accept": (NotAcceptForm, lambda actor, case, data: services.not_accept_case(actor, case, data["reasons"])),
    "opinion": (OpinionForm, lambda actor, case, data: services.add_opinion(actor, case, **data)),
    "decide": (DecideForm, lambda actor, case, data: services.decide_case(actor, case, **data)),
    "attach": (AttachForm, lambda actor, case, data: services.add_attachment(actor, case, data["file"])),
}


def _case_context(request, case, forms=None) -> dict:
    user = request.user
    forms = forms or {}
    reviewer = holds(user, "review_tolerancecase")
    decider = holds(user, "decide_tolerancecase")
    opinions = (
        list(CaseOpinion.objects.restrict(user, "view").filter(case=case).select_related("author"))
        if holds(user, "view_caseopinion")
        else None
    )
    reviewed_here = bool(opinions) and any(o.author_id == user.pk for o in opinions)
    state = case.state
    show = {
        "accept": reviewer and state == wf.APPLIED,
        "not_accept": reviewer and state == wf.APPLIED,
        "opinion": reviewer and state in (wf.ACCEPTED, wf.REVIEWED),
        "decide": decider and state == wf.REVIEWED and not reviewed_here,
        "attach": holds(user, "add_caseattachment")
        and state in (wf.APPLIED, wf.ACCEPTED)
        and (reviewer or case.applicant_id == user.pk),
    }
    action_forms = {}
    for name, visible in show.items():
        if visible:
            form_class = ACTIONS[name][0]
            action_forms[name] = forms.get(name) or (form_class(prefix=name) if form_class else None)
    return {
        "object": case,
        "title": str(case),
        "criteria": [(label, (case.criteria or {}).get(code, False)) for code, label in Criterion.choices],
        "opinions": opinions,
        "opinion_criteria": dict(Criterion.choices),
        "attachments": list(CaseAttachment.objects.restrict(user, "view").filter(case=case)),
        "forms": action_forms,
        "can_edit": holds(user, "change_tolerancecase") and case.applicant_id == user.pk and state == wf.APPLIED,
    }


class CaseDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        case = _case(request, pk)
        return render(request, "cadres/case_detail.html", _case_context(request, case))


class CaseActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404
        case = _case(request, pk)
        form_class, run = ACTIONS[action]
        form = form_class(request.POST, request.FILES, prefix=action) if form_class else None
        if form is None or form.is_valid():
            try:
                run(Actor.from_request(request), case, form.cleaned_data if form else {})
            except ValidationError as exc:
                if form is None:
                    for m in exc.messages:
                        messages.error(request, m)
                    return HttpResponseRedirect(case.get_absolute_url())
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Done."))
                return HttpResponseRedirect(case.get_absolute_url())
        context = _case_context(request, _case(request, pk), forms={action: form})
        context["forms"][action] = form
        return render(request, "cadres/case_detail.html", context, status=400)


class CaseAttachmentView(LoginRequiredMixin, View):
    def get(self, request, pk):
        _require(request, "view_caseattachment")
        att = CaseAttachment.objects.restrict(request.user, "view").filter(pk=pk).first()
        if att is None:
            raise Http404
        return _file_response(att.file, att.name)


# --- 一线考察 notes ---------------------------------------------------------------------------------------------


class NoteListView(LoginRequiredMixin, View):
    def get(self, request):
        _require(request, "view_fieldnote")
        qs = FieldNote.objects.restrict(request.user, "view").select_related("cadre", "author", "item")
        cadre = request.GET.get("cadre", "")
        if cadre.isdigit():
            qs = qs.filter(cadre_id=int(cadre))
        return render(
            request,
            "cadres/note_list.html",
            {
                "title": _("Field assessment notes (一线考察)"),
                "page": _page(request, qs),
                "can_add": holds(request.user, "add_fieldnote"),
            },
        )


class _SimpleCreateView(LoginRequiredMixin, View):
    codename = ""
    form_class = None
    title = ""
    list_url = ""
    service = None

    def get(self, request):
        _require(request, self.codename)
        return _form_page(request, self.title, self.form_class(user=request.user), reverse(self.list_url))

    def post(self, request):
        _require(request, self.codename)
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                type(self).service(Actor.from_request(request), **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse(self.list_url))
        return _form_page(request, self.title, form, reverse(self.list_url), 400)


class NoteCreateView(_SimpleCreateView):
    codename = "add_fieldnote"
    form_class = NoteForm
    list_url = "cadres:note_list"
    service = services.add_note

    @property
    def title(self):
        return _("New field assessment note")


class CommendationCreateView(_SimpleCreateView):
    codename = "add_commendation"
    form_class = CommendationForm
    list_url = "cadres:commendation_list"
    service = services.add_commendation

    @property
    def title(self):
        return _("Record a commendation")


class AccountabilityCreateView(_SimpleCreateView):
    codename = "add_accountability"
    form_class = AccountabilityRecordForm
    list_url = "cadres:commendation_list"
    service = services.add_accountability

    @property
    def title(self):
        return _("Record an accountability measure")


class CommendationListView(LoginRequiredMixin, View):
    """Candidates derived from the rankings, the commendations on record, the accountability records."""

    def get(self, request):
        _require(request, "view_commendation")
        today = timezone.localdate()
        campaign = campaign_queries.current_campaign(request.user, today)
        return render(
            request,
            "cadres/commendation_list.html",
            {
                "title": _("Commendation and accountability"),
                "campaign": campaign,
                "candidates": queries.candidates(campaign, today) if campaign else [],
                "commendations": Commendation.objects.restrict(request.user, "view").select_related("person", "unit"),
                "accountabilities": Accountability.objects.restrict(request.user, "view").select_related(
                    "person", "unit", "item", "supervision", "colour_record"
                ),
                "can_commend": holds(request.user, "add_commendation"),
                "can_hold": holds(request.user, "add_accountability"),
            },
        )


# --- 实绩档案 ---------------------------------------------------------------------------------------------------


def _range(request) -> tuple[dt.date, dt.date, RangeForm]:
    today = timezone.localdate()
    form = RangeForm(request.GET or None)
    start, end = dt.date(today.year, 1, 1), today
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    if end < start:
        start, end = end, start
    return start, end, form


def _person(request, pk) -> User:
    person = User.objects.filter(pk=pk, is_active=True).select_related("unit").first()
    if person is None:
        raise Http404
    return person


class RecordListView(LoginRequiredMixin, View):
    def get(self, request):
        _require(request, "view_cadrerecord")
        qs = User.objects.filter(is_active=True).select_related("unit").order_by("unit__sort_order", "username")
        q = request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(display_name__icontains=q) | Q(title__icontains=q) | Q(unit__name__icontains=q))
        return render(
            request,
            "cadres/record_list.html",
            {"title": _("Performance records (实绩档案)"), "page": _page(request, qs), "q": q},
        )


class RecordDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        _require(request, "view_cadrerecord")
        person = _person(request, pk)
        start, end, form = _range(request)
        rec = queries.cadre_record(request.user, person, start, end)
        return render(
            request,
            "cadres/record_detail.html",
            {"title": _("Performance record: {name}").format(name=person), "rec": rec, "form": form},
        )


class RecordWordView(LoginRequiredMixin, View):
    def get(self, request, pk):
        _require(request, "view_cadrerecord")
        person = _person(request, pk)
        start, end, _form = _range(request)
        rec = queries.cadre_record(request.user, person, start, end)
        # Recorded without the person as its object: the user's own history must not show that a record was read.
        record(
            Actor.from_request(request),
            "cadre_record.export",
            after={"person": str(person), "person_id": person.pk, "from": str(start), "to": str(end)},
        )
        response = HttpResponse(
            export.record_docx(rec, watermark=export_mark(request.user)),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        name = _("Performance record {name} {start}-{end}.docx").format(name=person, start=start, end=end)
        response["Content-Disposition"] = export.attachment_header(name)
        return response
