"""Plan from text: paste or upload → review the draft → create the areas and items in one atomic step."""

from __future__ import annotations

import bisect
import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gongjian.campaigns.choices import ItemKind
from gongjian.campaigns.services import create_area, create_item
from gongjian.core.services import Actor
from gongjian.org.models import Unit

from .draft import build_draft, draft_json
from .forms import CreateForm, PlanTextForm
from .models import PlanDraft
from .normalise import LOST
from .services import merge_targets
from .written import value_as_written

PERMISSIONS = ("campaigns.add_area", "campaigns.add_item")
COMPARATORS = (">=", ">", "<=", "<", "=", "~", "range")
TITLE_MAX = 200
ITEM_TITLE_MAX = 300


class PlanPermissionMixin(LoginRequiredMixin):
    """Only the users who may add areas and items (督查) read plans from text."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perms(PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PlanNewView(PlanPermissionMixin, View):
    template_name = "plantext/new.html"

    def get(self, request):
        drafts = PlanDraft.objects.filter(created_by=request.user)[:10]
        return render(
            request, self.template_name, {"form": PlanTextForm(), "title": _("Plan from text"), "drafts": drafts}
        )

    def post(self, request):
        form = PlanTextForm(request.POST, request.FILES)
        if not form.is_valid():
            drafts = PlanDraft.objects.filter(created_by=request.user)[:10]
            return render(request, self.template_name, {"form": form, "title": _("Plan from text"), "drafts": drafts})
        data = form.cleaned_data
        norm, draft = build_draft(data["content"], data["document_date"])
        plan = PlanDraft.objects.create(
            created_by=request.user,
            document_date=data["document_date"],
            source_name=data["source_name"],
            original=norm.original,
            normalised=norm.text,
            offsets=norm.offsets,
            data=draft_json(norm, draft),
        )
        return HttpResponseRedirect(reverse("plantext:review", args=[plan.pk]))


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """The text cut into (piece, css class) with the non-overlapping spans marked; lost characters marked too."""
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, css in sorted(spans):
        if start < pos or end <= start:
            continue
        if start > pos:
            out.append((text[pos:start], ""))
        out.append((text[start:end], css))
        pos = end
    if pos < len(text):
        out.append((text[pos:], ""))
    marked: list[tuple[str, str]] = []
    for piece, css in out:
        if LOST in piece and not css:
            for k, part in enumerate(piece.split(LOST)):
                if k:
                    marked.append((LOST, "lost"))
                if part:
                    marked.append((part, ""))
        else:
            marked.append((piece, css))
    return marked


MEASURE_CSS = "measure bg-info-subtle"


def _units_by_name(names: set[str]) -> dict:
    """Active units by full or short name, for the lead units a task list names (区发改局)."""
    if not names:
        return {}
    found = Unit.objects.filter(is_active=True).filter(Q(name__in=names) | Q(short_name__in=names))
    out = {}
    for unit in found:
        for key in (unit.name, unit.short_name):
            if key in names:
                out.setdefault(key, unit)
    return out


def _due(iso: str, data: dict):
    """The item's deadline: the one the task list names when it falls within the dates chosen, else the default."""
    try:
        due = dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        due = None
    if due is None or due < data["start_date"] or due > data["due_date"]:
        return data["due_date"]
    return due


def _free(spans: list[tuple[int, int, str]], taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans that overlap none of ``taken`` (a target's evidence wins over the measure around it)."""
    taken_sorted = sorted((a, b) for a, b, _css in taken)
    out = []
    for a, b, css in spans:
        k = bisect.bisect_left(taken_sorted, (b, b))
        if k and taken_sorted[k - 1][1] > a:
            continue
        out.append((a, b, css))
    return out


class OwnDraftMixin(PlanPermissionMixin):
    def get_plan(self, pk) -> PlanDraft:
        try:
            return PlanDraft.objects.get(pk=pk, created_by=self.request.user)
        except PlanDraft.DoesNotExist as exc:
            raise Http404 from exc


class PlanMergeTargetsView(OwnDraftMixin, View):
    """Merge the targets ticked for merging (``t<k>-merge``) into one; back to the review screen."""

    def post(self, request, pk):
        plan = self.get_plan(pk)
        count = len(plan.data.get("targets", []))
        chosen = [k for k in range(count) if request.POST.get(f"t{k}-merge")]
        indicator = request.POST.get(f"t{chosen[0]}-indicator", "") if chosen else ""
        try:
            merged = merge_targets(Actor.from_request(request), plan, chosen, indicator)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            message = _("Merged {count} targets into “{indicator}”.")
            messages.success(request, message.format(count=len(chosen), indicator=merged["indicator"]))
        return HttpResponseRedirect(reverse("plantext:review", args=[plan.pk]) + "#plan-targets")


class PlanReviewView(OwnDraftMixin, View):
    template_name = "plantext/review.html"

    def context(self, plan: PlanDraft, form: CreateForm) -> dict:
        data = plan.data
        targets = [{**t, "shown": value_as_written(t)} for t in data.get("targets", [])]
        measures = [m for p in data.get("pillars", []) for m in p.get("measures", [])]
        evidence = [e for t in targets for e in [t["evidence"], *t.get("merged_evidence", [])]]
        norm_spans = [(e["start"], e["end"], "target") for e in evidence]
        orig_spans = [(e["original_start"], e["original_end"], "target") for e in evidence]
        norm_spans += _free([(m["evidence"]["start"], m["evidence"]["end"], MEASURE_CSS) for m in measures], norm_spans)
        orig_spans += _free(
            [(m["evidence"]["original_start"], m["evidence"]["original_end"], MEASURE_CSS) for m in measures],
            orig_spans,
        )
        return {
            "title": _("Review the draft plan"),
            "plan": plan,
            "form": form,
            "pillars": data.get("pillars", []),
            "targets": targets,
            "warnings": data.get("warnings", []),
            "kinds": ItemKind.choices,
            "comparators": COMPARATORS,
            "original_segments": _segments(plan.original, orig_spans),
            "normalised_segments": _segments(plan.normalised, norm_spans),
        }

    def get(self, request, pk):
        plan = self.get_plan(pk)
        today = plan.document_date
        form = CreateForm(user=request.user, initial={"start_date": today, "due_date": today.replace(month=12, day=31)})
        return render(request, self.template_name, self.context(plan, form))

    def post(self, request, pk):
        plan = self.get_plan(pk)
        form = CreateForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, self.context(plan, form))
        rows = self.accepted(request.POST, plan.data.get("pillars", []))
        if not rows:
            form.add_error(None, _("Accept at least one pillar to create an area."))
            return render(request, self.template_name, self.context(plan, form))
        try:
            created = self.create(Actor.from_request(request), form.cleaned_data, rows)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return render(request, self.template_name, self.context(plan, form))
        kept = self.kept_targets(request.POST, plan.data.get("targets", []))
        plan.created_objects = {**created, "targets": kept}
        plan.save(update_fields=["created_objects"])
        campaign = form.cleaned_data["campaign"]
        messages.success(
            request,
            _("Created {areas} areas and {items} items in {campaign}.").format(
                areas=len(created["areas"]), items=len(created["items"]), campaign=campaign
            ),
        )
        if kept and request.user.has_perm("indicators.add_indicator"):
            # the kept targets become the campaign's indicators on the next page, in one step
            return HttpResponseRedirect(reverse("indicators:from_plan", args=[plan.pk]))
        return HttpResponseRedirect(campaign.get_absolute_url())

    @staticmethod
    def kept_targets(post, targets: list[dict]) -> list[dict]:
        """The kept targets as the user edited them (indicators do not exist yet: they stay in the draft)."""
        kept = []
        for k, target in enumerate(targets):
            if not post.get(f"t{k}-accept"):
                continue
            comparator = post.get(f"t{k}-comparator") or target.get("comparator")
            kept.append(
                {
                    **target,
                    "index": k,
                    "indicator": (post.get(f"t{k}-indicator") or target.get("indicator") or "")[:200],
                    "comparator": comparator if comparator in COMPARATORS else target.get("comparator"),
                    "value_text": (post.get(f"t{k}-value") or "")[:40],
                    "unit": (post.get(f"t{k}-unit") or "")[:20],
                }
            )
        return kept

    @staticmethod
    def accepted(post, pillars: list[dict]) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
        """The accepted pillars with their edited titles and their accepted measures (title, kind, lead unit named
        in the text, deadline ISO date or "")."""
        kinds = {k for k, _label in ItemKind.choices}
        rows = []
        for i, pillar in enumerate(pillars):
            if not post.get(f"p{i}-accept"):
                continue
            title = (post.get(f"p{i}-title") or pillar.get("title") or "").strip()[:TITLE_MAX]
            bulk = post.get(f"p{i}-measures") or ""  # "all", "none" or "" (as ticked)
            measures: list[tuple[str, str, str, str]] = []
            for j, measure in enumerate(pillar.get("measures", [])):
                if bulk == "none" or (bulk != "all" and not post.get(f"m{i}-{j}-accept")):
                    continue
                m_title = (post.get(f"m{i}-{j}-title") or measure.get("title") or "").strip()[:ITEM_TITLE_MAX]
                kind = post.get(f"m{i}-{j}-kind") or ""
                if not m_title:
                    continue
                if post.get(f"m{i}-{j}-merge") and measures:  # merged into the measure above: one item
                    above, above_kind, above_lead, above_due = measures[-1]
                    measures[-1] = (f"{above}；{m_title}"[:ITEM_TITLE_MAX], above_kind, above_lead, above_due)
                    continue
                due = ((measure.get("period") or {}).get("end")) or ""
                measures.append((m_title, kind if kind in kinds else "", measure.get("lead") or "", due))
            rows.append((title, measures))
        return rows

    @staticmethod
    def create(actor: Actor, data: dict, rows) -> dict:
        """All areas and items, or none: one transaction, each write audited by the campaign services."""
        campaign = data["campaign"]
        out = {"campaign": campaign.pk, "areas": [], "items": []}
        units = _units_by_name({lead for _title, measures in rows for _t, _k, lead, _d in measures if lead})
        with transaction.atomic():
            number = (campaign.areas.aggregate(n=Max("number"))["n"] or 0) + 1
            for title, measures in rows:
                if not title:
                    raise ValidationError(_("Every accepted pillar needs a title."))
                area = create_area(actor, campaign=campaign, number=number, title=title, lead_unit=data["lead_unit"])
                out["areas"].append(area.pk)
                number += 1
                for m_title, kind, lead, due in measures:
                    item = create_item(
                        actor,
                        area=area,
                        kind=kind or data["kind"],
                        title=m_title,
                        leader=data["leader"],
                        lead_unit=units.get(lead) or data["lead_unit"],  # the unit the task list names, if known
                        start_date=data["start_date"],
                        due_date=_due(due, data),
                    )
                    out["items"].append(item.pk)
        return out
