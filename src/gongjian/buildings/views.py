"""Pages of the building economy. Concrete views configure the generic ones; services do every write; tax
figures appear only for holders of ``enterprises.view_confidential``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gongjian.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from gongjian.enterprises.confidential import can_see_figures

from . import metrics, queries, services
from .choices import SpaceUse, Tier
from .filtersets import BuildingPlanFilterSet
from .forms import BuildingForm, PlanForm, ProgressForm, ReplacementForm, SpaceForm, TenancyForm
from .models import Building, BuildingPlan, BuildingSurvey, PlanProgress, Replacement, Space, Tenancy, TenancyTax
from .tables import PLAN_COLUMNS
from .views_list import attach, year_of

#: Audit fields that carry tax figures: dropped from histories shown to users without the confidential right.
TAX_AUDIT_FIELDS = ("tax_district", "target_tax", "tax_per_m2_before", "tax_per_m2_after")


def _masked(records, user) -> list:
    """The audit records as ``user`` may read them: tax figures removed unless they may see figures (the
    records are only shown, never saved)."""
    records = list(records)
    if can_see_figures(user):
        return records
    for r in records:
        for name in ("before", "after"):
            data = getattr(r, name)
            if isinstance(data, dict):
                setattr(r, name, {k: v for k, v in data.items() if k not in TAX_AUDIT_FIELDS})
    return records


def floor_key(floor: str) -> tuple:
    """Floors in building order: B2, B1, 1F, 2F, ... 12F, then anything else by its text."""
    import re

    text = (floor or "").strip().upper()
    m = re.fullmatch(r"(B|-)?\s*(\d+)\s*(F|层|楼)?", text)
    if m is None:
        return (1, 0, text)
    number = int(m.group(2))
    return (0, -number if m.group(1) else number, text)


def _bar(value, top) -> int:
    """A bar's width in percent of the largest value shown."""
    if value is None or not top:
        return 0
    return max(0, min(100, int(Decimal(value) * 100 / Decimal(top))))


# --- buildings --------------------------------------------------------------------------------------------


class BuildingDetailView(ObjectDetailView):
    model = Building
    template_name = "buildings/building_detail.html"
    select_related = ("street", "floor_leader")

    def detail_context(self, building):
        user = self.request.user
        year = year_of(self.request)
        as_of = queries.year_as_of(year)
        cfg = queries.config()
        show_tax = can_see_figures(user)
        facts = queries.facts_for([building], [year, year - 1])
        now = facts.metrics(building.pk, year, as_of, cfg)
        last = facts.metrics(building.pk, year - 1, dt.date(year - 1, 12, 31), cfg)
        bf = facts.facts[building.pk]
        quarters = []
        for y in (year - 1, year):
            for q in (1, 2, 3, 4):
                end = metrics.quarter_end(y, q)
                if end <= as_of or (y == year and q == (as_of.month - 1) // 3 + 1):
                    occ = metrics.occupancy(bf, min(end, as_of))
                    quarters.append({"label": f"{y} Q{q}", "value": occ, "width": _bar(occ, 100)})
        warnings = queries.building_warnings(facts, building.pk, year, as_of, cfg, now, last)
        if not show_tax:
            warnings = [w for w in warnings if w.kind == metrics.OCCUPANCY_DROP]
        tenancies = list(
            Tenancy.objects.restrict(user, "view")
            .filter(building=building)
            .select_related("enterprise", "space")
            .order_by("move_out", "-move_in", "pk")
        )
        attributed = facts.attributed(year)
        leases = {x.key: x for x in bf.leases}
        for t in tenancies:
            t.tax_year = attributed.get(t.pk)
            t.current = metrics.active_on(leases[t.pk], as_of)
        current = [t for t in tenancies if t.current]
        past = [t for t in tenancies if not t.current]
        spaces = list(Space.objects.restrict(user, "view").filter(building=building).order_by("floor", "room"))
        tenant_by_space = {t.space_id: t for t in current if t.space_id}
        floors: dict[str, list] = {}
        for s in spaces:
            s.tenant = tenant_by_space.get(s.pk)
            floors.setdefault(s.floor, []).append(s)
        use_totals = {}
        for s in spaces:
            use_totals[s.use] = use_totals.get(s.use, Decimal(0)) + s.area
        uses = [
            {
                "label": label,
                "value": use_totals.get(code, Decimal(0)),
                "width": _bar(use_totals.get(code), building.lettable_area),
            }
            for code, label in SpaceUse.choices
        ]
        tax_years = []
        if show_tax:
            top = max(now.tax_total, last.tax_total) or None
            tax_years = [
                {"label": str(m.year), "value": m.tax_total, "width": _bar(m.tax_total, top)} for m in (last, now)
            ]
        by_pk = {t.pk: t for t in tenancies}
        warnings = [{"kind": w.kind, "numbers": w.numbers, "tenancy": by_pk.get(w.lease)} for w in warnings]
        return {
            "title": str(building),
            "year": year,
            "as_of": as_of,
            "m": now,
            "m_last": last,
            "tier_label": Tier(now.tier).label if now.tier else "",
            "show_tax": show_tax,
            "quarters": quarters,
            "tax_years": tax_years,
            "uses": uses,
            "warnings": warnings,
            "current": current,
            "past": past,
            "floors": sorted(floors.items(), key=lambda kv: floor_key(kv[0])),
            "plans": BuildingPlan.objects.restrict(user, "view").filter(building=building).order_by("-year"),
            "surveys": BuildingSurvey.objects.restrict(user, "view").filter(building=building)[:8],
            "replacements": Replacement.objects.restrict(user, "view")
            .filter(building=building)
            .select_related("vacated__enterprise", "replacement__enterprise"),
            "history": _masked(self.history(building, 20), user),
            "can_edit": user.has_perm("buildings.change_building"),
            "can_delete": user.has_perm("buildings.delete_building"),
            "can_add_space": user.has_perm("buildings.add_space"),
            "can_add_tenancy": user.has_perm("buildings.add_tenancy"),
            "can_change_tenancy": user.has_perm("buildings.change_tenancy"),
            "can_add_plan": user.has_perm("buildings.add_buildingplan"),
            "can_add_replacement": user.has_perm("buildings.add_replacement"),
            "can_import": user.has_perm("buildings.import_survey"),
        }


class _FormUserMixin:
    def form_kwargs(self, obj):
        return {"user": self.request.user}


class BuildingEditView(_FormUserMixin, ObjectEditView):
    model = Building
    form_class = BuildingForm

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.BUILDING_FIELDS}
        data.update({f: form.cleaned_data[f] for f in services.LINK_FIELDS if f in form.fields})
        if obj is None:
            return services.create_building(self.actor, **data)
        return services.update_building(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("buildings:building_list")


class BuildingDeleteView(ObjectDeleteView):
    model = Building

    def delete(self, obj):
        services.delete_building(self.actor, obj)

    def success_url(self, obj):
        return reverse("buildings:building_list")


# --- spaces and tenancies -----------------------------------------------------------------------------------


def _building_initial(request) -> dict:
    value = request.GET.get("building", "")
    return {"building": int(value)} if value.isdigit() else {}


class SpaceEditView(_FormUserMixin, ObjectEditView):
    model = Space
    form_class = SpaceForm
    select_related = ("building",)

    def form_initial(self):
        return _building_initial(self.request)

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.SPACE_FIELDS}
        if obj is None:
            return services.create_space(self.actor, **data)
        return services.update_space(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.building.get_absolute_url() if obj else reverse("buildings:building_list")

    def success_url(self, obj):
        return obj.building.get_absolute_url()


class SpaceDeleteView(ObjectDeleteView):
    model = Space
    select_related = ("building",)

    def delete(self, obj):
        services.delete_space(self.actor, obj)

    def cancel_url(self, obj):
        return obj.building.get_absolute_url()

    def success_url(self, obj):
        return obj.building.get_absolute_url()


class TenancyEditView(_FormUserMixin, ObjectEditView):
    """Add or edit a tenancy; a tenant not in the registry is registered there on the spot. Moving out is
    recorded here too (the move-out date)."""

    model = Tenancy
    form_class = TenancyForm
    select_related = ("building", "enterprise")

    def form_kwargs(self, obj):
        return {"user": self.request.user, "can_see_tax": can_see_figures(self.request.user)}

    def form_initial(self):
        return _building_initial(self.request)

    def get_form(self, obj, data=None, files=None):
        form = super().get_form(obj, data, files)
        if obj is not None and "tax_year" in form.fields and data is None:
            year = queries.today().year
            row = TenancyTax.objects.filter(tenancy=obj, year=year).first()
            form.initial.update({"tax_year": year, "tax_amount": row.tax_district if row else None})
        return form

    def save(self, form, obj):
        cd = form.cleaned_data
        data = {f: cd[f] for f in services.TENANCY_FIELDS if f in cd}
        taxes = {}
        if cd.get("tax_year") and "tax_amount" in form.fields:
            taxes[cd["tax_year"]] = cd.get("tax_amount")
        if obj is None:
            new = None
            if cd.get("new_credit_code"):
                data.pop("enterprise", None)
                b = cd["building"]
                new = {"credit_code": cd["new_credit_code"], "name": cd["new_name"], "street": b.street}
            return services.create_tenancy(
                self.actor, new_enterprise=new, taxes={y: a for y, a in taxes.items() if a is not None}, **data
            )
        tenancy = services.update_tenancy(self.actor, obj, **data)
        for year, amount in taxes.items():
            services.set_tenancy_tax(self.actor, tenancy, year, amount)
        return tenancy

    def cancel_url(self, obj):
        return obj.building.get_absolute_url() if obj else reverse("buildings:building_list")

    def success_url(self, obj):
        return obj.building.get_absolute_url()


class TenancyDeleteView(ObjectDeleteView):
    model = Tenancy
    select_related = ("building", "enterprise")

    def delete(self, obj):
        services.delete_tenancy(self.actor, obj)

    def cancel_url(self, obj):
        return obj.building.get_absolute_url()

    def success_url(self, obj):
        return obj.building.get_absolute_url()


class ReplacementEditView(_FormUserMixin, ObjectEditView):
    model = Replacement
    form_class = ReplacementForm

    def form_kwargs(self, obj):
        return {"user": self.request.user, "can_see_tax": can_see_figures(self.request.user)}

    def form_initial(self):
        return _building_initial(self.request)

    def load(self, pk):
        if pk is not None:  # replacements are recorded, not edited
            raise Http404
        return super().load(pk)

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.REPLACEMENT_FIELDS if f in form.cleaned_data}
        return services.record_replacement(self.actor, **data)

    def cancel_url(self, obj):
        return reverse("buildings:building_list")

    def success_url(self, obj):
        return obj.building.get_absolute_url()


def _warning_rows(buildings, warnings_by_building, show_tax: bool) -> list[dict]:
    """(building, warning) rows for the overview; tenants named with one query; tax warnings only with the right."""
    rows = [
        (b, w)
        for b in buildings
        for w in warnings_by_building.get(b.pk, [])
        if show_tax or w.kind == metrics.OCCUPANCY_DROP
    ]
    tenancies = Tenancy.objects.select_related("enterprise").in_bulk([w.lease for _b, w in rows if w.lease])
    return [
        {"building": b, "w": {"kind": w.kind, "numbers": w.numbers, "tenancy": tenancies.get(w.lease)}} for b, w in rows
    ]


# --- district overview --------------------------------------------------------------------------------------


class OverviewView(LoginRequiredMixin, View):
    """楼宇经济 at a glance: totals against the district's targets, tier counts, top and bottom buildings."""

    def get(self, request):
        if not request.user.has_perm("buildings.view_building"):
            raise PermissionDenied
        year = year_of(request)
        show_tax = can_see_figures(request.user)
        buildings = list(Building.objects.restrict(request.user, "view").select_related("street"))
        ms, ws = queries.metrics_and_warnings(buildings, year)
        attach(buildings, ms)
        warned = _warning_rows(buildings, ws, show_tax)
        totals = queries.district_totals(buildings, year)
        targets = queries.targets()
        tiers = [
            {"label": label, "count": sum(1 for b in buildings if b.m.tier == code)}
            for code, label in Tier.choices
            if code
        ]
        key = (lambda b: b.m.tax_per_m2) if show_tax else (lambda b: b.m.occupancy)
        ranked = sorted((b for b in buildings if key(b) is not None), key=key, reverse=True)
        streets: dict = {}
        for b in buildings:
            s = streets.setdefault(b.street, {"street": b.street, "count": 0, "lettable": 0, "occupied": 0, "tax": 0})
            s["count"] += 1
            s["lettable"] += b.lettable_area
            s["occupied"] += b.m.occupied_area
            s["tax"] += b.m.tax_total
        for s in streets.values():
            s["occupancy"] = (s["occupied"] * 100 / s["lettable"]).quantize(Decimal("0.01")) if s["lettable"] else None
            s["width"] = _bar(s["occupancy"], 100)
        context = {
            "title": _("Building economy {year}").format(year=year),
            "year": year,
            "show_tax": show_tax,
            "totals": totals,
            "targets": targets,
            "new_width": _bar(totals["new_enterprises"], targets["new_enterprises"]),
            "tax_width": _bar(totals["tax_yi"], targets["tax_yi"]),
            "tiers": tiers,
            "top": ranked[:5],
            "bottom": list(reversed(ranked[-5:])) if len(ranked) > 5 else [],
            "rank_by_tax": show_tax,
            "streets": sorted(streets.values(), key=lambda s: s["street"].code),
            "warned": warned,
            "can_add": request.user.has_perm("buildings.add_building"),
            "can_import": request.user.has_perm("buildings.import_survey"),
        }
        return render(request, "buildings/overview.html", context)


# --- plans --------------------------------------------------------------------------------------------------


class PlanListView(ObjectListView):
    model = BuildingPlan
    filterset_class = BuildingPlanFilterSet
    select_related = ("building__street", "leader", "floor_leader")
    columns = PLAN_COLUMNS
    default_ordering = ("-year", "building__name")
    add_url_name = "buildings:plan_add"
    add_permission = "buildings.add_buildingplan"
    title = None

    def decorate_rows(self, rows):
        latest = {}
        for plan_id, percent in (
            PlanProgress.objects.filter(plan__in=rows).order_by("quarter").values_list("plan_id", "percent")
        ):
            latest[plan_id] = percent
        today = queries.today()
        for row in rows:
            row.latest_percent = latest.get(row.pk)
            row.light = _plan_light(row, row.latest_percent, today)

    def export(self, qs):
        rows = list(qs)
        self.decorate_rows(rows)
        return super().export(_Rows(rows))


class _Rows(list):
    """A decorated page of rows that the generic export can iterate like a queryset."""

    def iterator(self, chunk_size=None):
        return iter(self)


def _plan_light(plan, percent, today):
    """The plan's colour today (None for a plan of another year), as the daily warnings run would give it."""
    from gongjian.campaigns.lights import Light
    from gongjian.indicators import rules

    from .sources import plan_case

    if plan.year != today.year:
        return None
    return Light(rules.item_colour(plan_case(plan.year, percent, today), today))


class PlanDetailView(ObjectDetailView):
    model = BuildingPlan
    template_name = "buildings/plan_detail.html"
    select_related = ("building__street", "leader", "floor_leader")

    def detail_context(self, plan):
        user = self.request.user
        progress = list(plan.progress.order_by("quarter"))
        today = queries.today()
        m = queries.metrics_for([plan.building], plan.year)[plan.building.pk]
        latest = progress[-1].percent if progress else None
        light = _plan_light(plan, latest, today)
        return {
            "title": str(plan),
            "m": m,
            "show_tax": can_see_figures(user),
            "progress": progress,
            "light": light,
            "history": _masked(self.history(plan, 20), user),
            "can_edit": user.has_perm("buildings.change_buildingplan"),
            "can_progress": user.has_perm("buildings.add_planprogress"),
        }


class PlanEditView(_FormUserMixin, ObjectEditView):
    model = BuildingPlan
    form_class = PlanForm

    def form_initial(self):
        return {**_building_initial(self.request), "year": queries.today().year}

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.PLAN_FIELDS}
        if obj is None:
            return services.create_plan(self.actor, **data)
        return services.update_plan(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("buildings:plan_list")


class PlanProgressView(ObjectEditView):
    """Record a quarter's progress on a plan (the form is for the plan; the service writes the quarter)."""

    model = BuildingPlan
    form_class = ProgressForm
    permission_action_edit = "view"
    select_related = ("building",)

    def load(self, pk):
        plan = self.get_object(pk, "view")
        if not self.request.user.has_perm("buildings.add_planprogress"):
            raise PermissionDenied
        return plan

    def get_form(self, obj, data=None, files=None):
        today = queries.today()
        quarter = (today.month - 1) // 3 + 1 if obj.year == today.year else 4
        return ProgressForm(data=data, initial={"quarter": quarter})

    def get_title(self, obj):
        return _("Quarterly progress: {plan}").format(plan=obj)

    def save(self, form, plan):
        data = {f: form.cleaned_data[f] for f in services.PROGRESS_FIELDS}
        services.record_progress(self.actor, plan, form.cleaned_data["quarter"], **data)
        return plan
