"""Indicators from the quantified targets of a plan-from-text draft."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from gongjian.campaigns.models import Campaign
from gongjian.core.services import Actor

from .. import hooks


class FromPlanCommonForm(forms.Form):
    lead_unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Lead unit"))
    source_unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Data-source unit"))
    leader = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Responsible leader"), required=False)

    def __init__(self, *args, **kwargs):
        from gongjian.org.models import Unit, leaders_queryset

        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = Unit.objects.filter(is_active=True)
        self.fields["source_unit"].queryset = Unit.objects.filter(is_active=True)
        self.fields["leader"].queryset = leaders_queryset()


class _FromPlanMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("indicators.add_indicator"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def drafts(self):
        drafts = hooks.plan_drafts(self.request.user)  # a draft is only ever its author's
        if drafts is None:
            raise Http404
        return drafts


class FromPlanListView(_FromPlanMixin, View):
    """The user's plan drafts whose quantified targets were kept when the areas and items were created."""

    def get(self, request):
        from .. import from_plan

        rows = [(d, len(from_plan.kept_targets(d))) for d in self.drafts().order_by("-created_at")[:50]]
        return render(
            request,
            "indicators/from_plan_list.html",
            {"title": _("Indicators from plan drafts"), "rows": [(d, n) for d, n in rows if n]},
        )


class FromPlanView(_FromPlanMixin, View):
    template_name = "indicators/from_plan.html"

    def load(self, pk):
        draft = self.drafts().filter(pk=pk).first()
        if draft is None:
            raise Http404
        campaign_pk = (draft.created_objects or {}).get("campaign")
        campaign = Campaign.objects.restrict(self.request.user, "view").filter(pk=campaign_pk).first()
        if campaign is None:
            raise Http404
        return draft, campaign

    def get(self, request, pk):
        from .. import from_plan

        draft, campaign = self.load(pk)
        return self.render(draft, campaign, FromPlanCommonForm(), from_plan.proposals(draft, campaign), {})

    def post(self, request, pk):
        from .. import from_plan

        draft, campaign = self.load(pk)
        proposals = from_plan.proposals(draft, campaign)
        form = FromPlanCommonForm(request.POST)
        rows = []
        for p in proposals:
            k = p["index"]
            p.update(
                name=request.POST.get(f"t{k}-name", p["name"]).strip()[:200],
                unit=request.POST.get(f"t{k}-unit", p["unit"]),
                comparator=request.POST.get(f"t{k}-comparator", p["comparator"]),
                kind=request.POST.get(f"t{k}-kind", p["kind"]),
                target=request.POST.get(f"t{k}-target", ""),
                target_high=request.POST.get(f"t{k}-target_high", ""),
                baseline=request.POST.get(f"t{k}-baseline", ""),
                accept=bool(request.POST.get(f"t{k}-accept")),
            )
            if p["accept"]:
                rows.append(p)
        errors: dict[int, list[str]] = {}
        if form.is_valid() and not rows:
            form.add_error(None, _("Keep at least one target."))
        if form.is_valid():
            data = []
            for p in rows:
                row = {
                    "index": p["index"],
                    "name": p["name"],
                    "unit": p["unit"],
                    "comparator": p["comparator"],
                    "kind": p["kind"],
                    "frequency": "monthly",
                }
                for field in ("target", "target_high", "baseline"):
                    text = (p[field] or "").strip()
                    if not text:
                        row[field] = None
                        continue
                    try:
                        row[field] = Decimal(text)
                    except ArithmeticError:
                        errors.setdefault(p["index"], []).append(_("“{value}” is not a number.").format(value=text))
                data.append(row)
            if not errors:
                try:
                    created = from_plan_create(Actor.from_request(request), campaign, data, form.cleaned_data)
                except from_plan.TargetRowsInvalid as exc:
                    errors = {k: [m for ms in v.values() for m in ms] for k, v in exc.rows.items()}
                else:
                    messages.success(
                        request,
                        ngettext("Created {count} indicator.", "Created {count} indicators.", len(created)).format(
                            count=len(created)
                        ),
                    )
                    return HttpResponseRedirect(f"{reverse('indicators:indicator_list')}?campaign={campaign.pk}")
        return self.render(draft, campaign, form, proposals, errors, status=400)

    def render(self, draft, campaign, form, proposals, errors, status=200):
        from ..choices import UNITS, Comparator, IndicatorKind

        for p in proposals:
            p["errors"] = errors.get(p["index"], [])
        return render(
            self.request,
            self.template_name,
            {
                "title": _("Indicators from the plan draft"),
                "draft": draft,
                "campaign": campaign,
                "form": form,
                "proposals": proposals,
                "units": UNITS,
                "comparators": Comparator.choices,
                "kinds": IndicatorKind.choices,
            },
            status=status,
        )


def from_plan_create(actor, campaign, rows, common):
    from .. import from_plan

    return from_plan.create_from_targets(
        actor,
        campaign,
        rows,
        lead_unit=common["lead_unit"],
        source_unit=common["source_unit"],
        leader=common.get("leader"),
    )
