"""Pages of the bulletins: list and draft, detail with the workflow buttons, edit, download; 督办函 list, issue,
detail and download. Every read goes through restrict(), every write through a service."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from gongjian.campaigns.models import Campaign
from gongjian.core.jobs import start as start_job
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.supervision.choices import SupervisionStatus
from gongjian.supervision.models import Supervision

from . import documents, services
from .choices import BulletinState, FileFormat
from .forms import BulletinEditForm, DraftForm, LetterForm
from .jobs import ISSUE_JOB
from .models import Bulletin, Letter
from .services import MIME


def _bulletins(user, action="view"):
    return Bulletin.objects.restrict(user, action).select_related("campaign", "issuer")


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _download(name: str, fmt: str, data: bytes) -> HttpResponse:
    response = HttpResponse(bytes(data), content_type=MIME[fmt])
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


class BulletinListView(LoginRequiredMixin, View):
    def get(self, request):
        if not request.user.has_perm("bulletins.view_bulletin"):
            raise PermissionDenied
        return self.render(request, self.form(request))

    def post(self, request):
        if not request.user.has_perm("bulletins.add_bulletin"):
            raise PermissionDenied
        form = self.form(request, request.POST)
        if form.is_valid():
            year, month = form.cleaned_data["month"]
            try:
                bulletin = services.draft_bulletin(
                    Actor.from_request(request), form.cleaned_data["campaign"], year, month
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The draft has been created."))
                return HttpResponseRedirect(bulletin.get_absolute_url())
        return self.render(request, form, status=400)

    def form(self, request, data=None):
        if not request.user.has_perm("bulletins.add_bulletin"):
            return None
        return DraftForm(data, campaigns=Campaign.objects.restrict(request.user, "view").order_by("-year", "pk"))

    def render(self, request, form, status=200):
        rows = list(_bulletins(request.user).order_by("-year", "-month", "-pk")[:200])
        context = {"title": _("Bulletins"), "bulletins": rows, "form": form}
        return render(request, "bulletins/bulletin_list.html", context, status=status)


class BulletinDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        bulletin = get_object_or_404(_bulletins(request.user).prefetch_related("files"), pk=pk)
        user = request.user
        state = bulletin.state
        can = {
            "edit": state == BulletinState.DRAFT and user.has_perm("bulletins.change_bulletin"),
            "submit": state == BulletinState.DRAFT and user.has_perm("bulletins.submit_bulletin"),
            "return": state == BulletinState.REVIEW and user.has_perm("bulletins.change_bulletin"),
            "issue": state == BulletinState.REVIEW and user.has_perm("bulletins.sign_bulletin"),
            "correct": state == BulletinState.ISSUED and user.has_perm("bulletins.add_bulletin"),
        }
        history = (
            AuditLog.objects.restrict(user).for_object(bulletin)[:50] if user.has_perm("core.view_auditlog") else []
        )
        context = {
            "title": str(bulletin),
            "object": bulletin,
            "c": bulletin.content,
            "can": can,
            "formats": FileFormat.choices,
            "history": history,
        }
        return render(request, "bulletins/bulletin_detail.html", context)


class BulletinEditView(LoginRequiredMixin, View):
    def load(self, request, pk) -> Bulletin:
        bulletin = get_object_or_404(_bulletins(request.user), pk=pk)
        if not request.user.has_perm("bulletins.change_bulletin"):
            raise PermissionDenied
        return bulletin

    def get(self, request, pk):
        bulletin = self.load(request, pk)
        if bulletin.state != BulletinState.DRAFT:
            messages.error(request, _("Only a draft can be changed: return the bulletin to draft first."))
            return HttpResponseRedirect(bulletin.get_absolute_url())
        return self.render(request, bulletin, BulletinEditForm(instance=bulletin))

    def post(self, request, pk):
        bulletin = self.load(request, pk)
        form = BulletinEditForm(request.POST, instance=Bulletin.objects.get(pk=bulletin.pk))
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in form.changed_data}
            try:
                services.edit_bulletin(Actor.from_request(request), bulletin, data)
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
                if isinstance(exc, services.BulletinRefused):
                    return HttpResponseRedirect(bulletin.get_absolute_url())
                return self.render(request, bulletin, form, status=400)
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(bulletin.get_absolute_url())
        return self.render(request, bulletin, form, status=400)

    def render(self, request, bulletin, form, status=200):
        context = {"title": _("Edit {name}").format(name=bulletin.title), "object": bulletin, "form": form}
        return render(request, "bulletins/bulletin_edit.html", context, status=status)


class BulletinStepView(LoginRequiredMixin, View):
    """One workflow step (submit, return, refresh, issue): POST only, back to the detail with a message."""

    step = None
    perm = None
    done = None

    def post(self, request, pk):
        bulletin = get_object_or_404(_bulletins(request.user), pk=pk)
        if not request.user.has_perm(f"bulletins.{self.perm}_bulletin"):
            raise PermissionDenied
        if self.step == "issue_bulletin" and not settings.GONGJIAN_JOBS_IMMEDIATE:
            # Rendering the files takes a while (the PDF most): the page follows the job's progress.
            job = start_job(Actor.from_request(request), ISSUE_JOB, params={"bulletin": bulletin.pk})
            return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
        try:
            bulletin = getattr(services, self.step)(Actor.from_request(request), bulletin)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, str(self.done).format(number=bulletin.doc_number))
        return HttpResponseRedirect(bulletin.get_absolute_url())


class BulletinCorrectView(LoginRequiredMixin, View):
    """A correction: a new draft of the same month naming the issued bulletin it corrects."""

    def post(self, request, pk):
        bulletin = get_object_or_404(_bulletins(request.user), pk=pk)
        if not request.user.has_perm("bulletins.add_bulletin"):
            raise PermissionDenied
        try:
            fix = services.draft_bulletin(
                Actor.from_request(request), bulletin.campaign, bulletin.year, bulletin.month, corrects=bulletin
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return HttpResponseRedirect(bulletin.get_absolute_url())
        messages.success(request, _("A correction has been drafted."))
        return HttpResponseRedirect(fix.get_absolute_url())


class BulletinDownloadView(LoginRequiredMixin, View):
    """An issued bulletin's stored file byte for byte; a draft's file rendered now (marked as a draft by its name)."""

    def get(self, request, pk, fmt):
        bulletin = get_object_or_404(_bulletins(request.user), pk=pk)
        if fmt not in FileFormat.values:
            raise Http404
        if bulletin.is_issued:
            stored = bulletin.files.filter(format=fmt).first()
            if stored is None:
                raise Http404
            return _download(stored.name, fmt, stored.data)
        try:
            if fmt == FileFormat.XLSX:
                data = documents.bulletin_xlsx(bulletin)
            else:
                data = documents.bulletin_docx(bulletin)
                if fmt == FileFormat.PDF:
                    data = documents.pdf(data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return HttpResponseRedirect(bulletin.get_absolute_url())
        return _download(_("draft-{id}.{fmt}").format(id=bulletin.pk, fmt=fmt), fmt, data)


# --- 督办函 ----------------------------------------------------------------------------------------------------


def _letters(user):
    return Letter.objects.restrict(user, "view").select_related("unit")


class LetterListView(LoginRequiredMixin, View):
    def get(self, request):
        if not request.user.has_perm("bulletins.view_letter"):
            raise PermissionDenied
        rows = list(_letters(request.user).prefetch_related("supervisions")[:200])
        context = {"title": _("Supervision letters"), "letters": rows, "open": [], "units": []}
        if request.user.has_perm("bulletins.add_letter"):
            # The open 督办 a letter can be issued for, one by one or all of a unit's at once.
            open_rows = list(
                Supervision.objects.restrict(request.user, "view")
                .filter(status=SupervisionStatus.OPEN)
                .select_related("unit")
                .order_by("unit__sort_order", "unit_id", "reply_by", "pk")[:200]
            )
            context["open"] = open_rows
            context["units"] = list({s.unit_id: s.unit for s in open_rows}.values())
        return render(request, "bulletins/letter_list.html", context)


class LetterIssueView(LoginRequiredMixin, View):
    """GET ``?supervision=ID`` (one 督办) or ``?unit=ID`` (all open 督办 of a unit): preview; POST issues."""

    def supervisions(self, request) -> list[Supervision]:
        if not request.user.has_perm("bulletins.add_letter"):
            raise PermissionDenied
        qs = Supervision.objects.restrict(request.user, "view").select_related("unit", "record")
        source = request.POST if request.method == "POST" else request.GET
        if source.get("supervision", "").isdigit():
            rows = list(qs.filter(pk=int(source["supervision"])))
        elif source.get("unit", "").isdigit():
            rows = list(
                qs.filter(unit_id=int(source["unit"]), status=SupervisionStatus.OPEN)
                .filter(Q(colour__in=["red", "yellow"]) | Q(colour=""))
                .order_by("issued_on", "pk")
            )
        else:
            raise Http404
        if not rows:
            raise Http404
        return rows

    def get(self, request):
        rows = self.supervisions(request)
        return self.render(request, rows, LetterForm())

    def post(self, request):
        rows = self.supervisions(request)
        form = LetterForm(request.POST)
        if form.is_valid():
            try:
                letter = services.issue_letter(
                    Actor.from_request(request), rows, reply_by=form.cleaned_data.get("reply_by")
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("{number} has been issued.").format(number=letter.doc_number))
                return HttpResponseRedirect(letter.get_absolute_url())
        return self.render(request, rows, form, status=400)

    def render(self, request, rows, form, status=200):
        source = request.POST if request.method == "POST" else request.GET
        hidden = {k: source[k] for k in ("supervision", "unit") if source.get(k)}
        context = {
            "title": _("Issue a supervision letter"),
            "rows": rows,
            "unit": rows[0].unit,
            "form": form,
            "hidden": hidden,
            "today": timezone.localdate(),
        }
        return render(request, "bulletins/letter_issue.html", context, status=status)


class LetterDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        letter = get_object_or_404(_letters(request.user).prefetch_related("files", "supervisions"), pk=pk)
        return render(request, "bulletins/letter_detail.html", {"title": str(letter), "object": letter})


class LetterDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        letter = get_object_or_404(_letters(request.user), pk=pk)
        stored = letter.files.filter(format=FileFormat.DOCX).first()
        if stored is None:
            raise Http404
        return _download(stored.name, FileFormat.DOCX, stored.data)


def step(name: str, perm: str, done) -> type[BulletinStepView]:
    return type(f"{name.title()}View", (BulletinStepView,), {"step": name, "perm": perm, "done": done})


__all__ = [
    "BulletinCorrectView",
    "BulletinDetailView",
    "BulletinDownloadView",
    "BulletinEditView",
    "BulletinListView",
    "LetterDetailView",
    "LetterDownloadView",
    "LetterIssueView",
    "LetterListView",
    "step",
]
