"""Pages of the registry: the list, the one-enterprise page (一企一档), forms, tiers, the 小升规 pool, settings.

Figures (and anything computed from them that shows an amount) reach a page only when ``can_see_figures``
holds for the user; personal data is masked unless ``can_see_personal`` holds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core.excel import audit_export, export_mark, workbook_bytes, xlsx_response
from gongjian.core.models import AuditLog
from gongjian.core.views.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_service_errors,
)

from . import queries, services, tiers
from .confidential import can_see_figures, can_see_personal
from .filtersets import CultivationFilterSet, EnterpriseFilterSet, current_tier
from .forms import (
    CultivationForm,
    EnterpriseForm,
    FigureForm,
    RefreshStatusForm,
    ScaleCategoryForm,
    TierBandForm,
    TierSettingsForm,
)
from .models import (
    FIGURE_FIELDS,
    CultivationRecord,
    Enterprise,
    EnterpriseFigure,
    EnterpriseYearStatus,
    ScaleCategory,
    TierBand,
    TierSettings,
)
from .sections import render_sections
from .tables import ENTERPRISE_COLUMNS, ENTERPRISE_FIGURE_COLUMNS, POOL_COLUMNS

__all__ = [
    "CategoriesView",
    "CultivationEditView",
    "EnterpriseDetailView",
    "EnterpriseEditView",
    "EnterpriseListView",
    "FigureEditView",
    "PoolView",
    "TiersView",
]


def _today() -> dt.date:
    return timezone.localdate()


def decorate(rows: list[Enterprise], today: dt.date) -> None:
    """Attach 规上 (this year), tier and revenue to the enterprises, in a fixed number of queries."""
    end = queries.latest_month(today)
    standing = {r.enterprise.pk: r for r in queries.tier_rows(rows, year=today.year - 1, end=end)}
    status_year = end[0] if end else today.year
    statuses = dict(
        EnterpriseYearStatus.objects.filter(enterprise__in=rows, year=status_year).values_list(
            "enterprise_id", "is_above_scale"
        )
    )
    for e in rows:
        r = standing[e.pk]
        tier = current_tier(r)
        e.above_scale = statuses.get(e.pk)
        e.tier_name = tier.name if tier else ""
        e.annual_revenue = r.annual_revenue
        e.rolling_revenue = r.rolling.total if r.rolling else None


class EnterpriseListView(ObjectListView):
    model = Enterprise
    filterset_class = EnterpriseFilterSet
    title = gettext_lazy("Enterprise registry")
    template_name = "enterprises/enterprise_list.html"
    select_related = ("industry", "street")
    default_ordering = ("name",)
    add_url_name = "enterprises:add"
    add_permission = "enterprises.add_enterprise"
    export_name = gettext_lazy("Enterprises")

    def get_columns(self):
        if can_see_figures(self.request.user):
            return [*ENTERPRISE_COLUMNS, *ENTERPRISE_FIGURE_COLUMNS]
        return ENTERPRISE_COLUMNS

    def decorate_rows(self, rows):
        decorate(rows, _today())

    def export(self, qs):
        columns = self.get_columns()
        today = _today()
        rows = list(qs)
        for start in range(0, len(rows), 2000):
            decorate(rows[start : start + 2000], today)
        name = str(self.export_name)
        watermark = ""
        if can_see_figures(self.request.user):  # the figures are confidential: mark and audit the export
            watermark = export_mark(self.request.user)
            audit_export(self.request, name, len(rows))
        content = workbook_bytes(
            [str(c.label) for c in columns],
            ([c.export_value(r) for c in columns] for r in rows),
            title=name,
            watermark=watermark,
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(content, f"{name}-{stamp}.xlsx")

    def extra_context(self):
        user = self.request.user
        links = [(reverse("enterprises:tiers"), _("Tiers")), (reverse("enterprises:pool"), _("小升规 pool"))]
        if user.has_perm("enterprises.view_scalecategory"):
            links.append((reverse("enterprises:categories"), _("Categories and thresholds")))
        if user.has_perm("enterprises.import_enterprise"):
            links.append((reverse("enterprises:import"), _("Import enterprises")))
            if can_see_figures(user):
                links.append((reverse("enterprises:figures_import"), _("Import figures")))
        return {"links": links}


def _figure_table(enterprise: Enterprise) -> list[dict]:
    """Per year (newest first): the whole-year row and the twelve months, each a dict of figures or None."""
    by_year: dict[int, dict] = defaultdict(lambda: {"annual": None, "months": [None] * 12})
    for f in enterprise.figures.order_by("-year", "month"):
        if f.month is None:
            by_year[f.year]["annual"] = f
        else:
            by_year[f.year]["months"][f.month - 1] = f
    return [{"year": y, **by_year[y]} for y in sorted(by_year, reverse=True)]


class EnterpriseDetailView(ObjectDetailView):
    model = Enterprise
    template_name = "enterprises/enterprise_detail.html"
    select_related = ("industry", "industry__parent", "street")

    def detail_context(self, e):
        user = self.request.user
        today = _today()
        figures_ok = can_see_figures(user)
        end = queries.latest_month(today)
        standing = queries.tier_rows([e], year=today.year - 1, end=end)[0]
        statuses = list(e.year_statuses.order_by("-year"))
        cultivation = CultivationRecord.objects.restrict(user, "view").select_related("cadre").filter(enterprise=e)
        cultivation = cultivation.first()
        bands = queries.bands()
        annual = EnterpriseFigure.objects.filter(enterprise=e, month__isnull=True).order_by("-year")
        tiers_by_year = [
            (year, tiers.tier_for(revenue, bands)) for year, revenue in annual.values_list("year", "main_revenue")
        ]
        context = {
            "title": e.name,
            "tiers_by_year": tiers_by_year,
            "can_see_figures": figures_ok,
            "can_see_personal": can_see_personal(user),
            "statuses": statuses,
            "standing": standing,
            "current_tier": current_tier(standing),
            "rolling_end": end,
            "cultivation": cultivation,
            "can_edit": Enterprise.objects.restrict(user, "change").filter(pk=e.pk).exists()
            and user.has_perm("enterprises.change_enterprise"),
            "can_edit_cultivation": cultivation is not None
            and user.has_perm("enterprises.change_cultivationrecord")
            and CultivationRecord.objects.restrict(user, "change").filter(pk=cultivation.pk).exists(),
            "can_add_cultivation": cultivation is None
            and not (statuses and statuses[0].is_above_scale)
            and user.has_perm("enterprises.add_cultivationrecord")
            and (
                user.has_perm("enterprises.manage_registry")
                or Enterprise.objects.restrict(user, "change").filter(pk=e.pk).exists()
            ),
            "sections": render_sections(self.request, e),
            "history": self.enterprise_history(e, figures_ok),
        }
        if figures_ok:
            context["figure_years"] = _figure_table(e)
            context["figure_fields"] = [EnterpriseFigure._meta.get_field(n) for n in FIGURE_FIELDS]
            context["can_enter_figures"] = user.has_perm("enterprises.change_enterprisefigure") and (
                user.has_perm("enterprises.manage_registry")
                or Enterprise.objects.restrict(user, "change").filter(pk=e.pk).exists()
            )
        return context

    def enterprise_history(self, e, figures_ok: bool, limit: int = 50):
        """The enterprise's records and its children's. Figure records are left out for users who may not see
        figures; personal fields are left out of the changes for users who may not see personal data."""
        from .confidential import PERSONAL_FIELDS

        records = AuditLog.objects.for_object(e).select_related("content_type")
        if not figures_ok:
            records = records.exclude(content_type=ContentType.objects.get_for_model(EnterpriseFigure))
        records = list(records[:limit])
        if not can_see_personal(self.request.user):
            for r in records:  # in memory only: audit records are never written again
                r.before = {k: v for k, v in (r.before or {}).items() if k not in PERSONAL_FIELDS} or None
                r.after = {k: v for k, v in (r.after or {}).items() if k not in PERSONAL_FIELDS} or None
        return records


class EnterpriseEditView(ObjectEditView):
    model = Enterprise
    form_class = EnterpriseForm
    select_related = ("industry", "street")

    def load(self, pk):
        obj = super().load(pk)
        if obj is not None and not Enterprise.objects.restrict(self.request.user, "change").filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        if obj is None:
            return services.create_enterprise(self.actor, **data)
        return services.update_enterprise(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("enterprises:list")


class FigureEditView(LoginRequiredMixin, View):
    """Enter or correct one period's figures of an enterprise (``?year=2026&month=3`` opens that period)."""

    template_name = "enterprises/figure_form.html"

    def load(self, request, pk):
        try:
            enterprise = Enterprise.objects.restrict(request.user, "view").get(pk=pk)
        except (Enterprise.DoesNotExist, ValueError):
            raise Http404 from None
        user = request.user
        if not (can_see_figures(user) and user.has_perm("enterprises.change_enterprisefigure")):
            raise PermissionDenied
        if not (
            user.has_perm("enterprises.manage_registry")
            or Enterprise.objects.restrict(user, "change").filter(pk=pk).exists()
        ):
            raise PermissionDenied
        return enterprise

    def get(self, request, pk):
        enterprise = self.load(request, pk)
        year, month = _int(request.GET.get("year")), _int(request.GET.get("month"))
        instance = None
        if year:
            instance = EnterpriseFigure.objects.filter(enterprise=enterprise, year=year, month=month).first()
        initial = {"year": year, "month": month} if year else {}
        if instance is not None:
            initial["loaded"] = _period_key(year, month)
        form = FigureForm(instance=instance, initial=initial)
        return self.render(enterprise, form)

    def post(self, request, pk):
        enterprise = self.load(request, pk)
        form = FigureForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            key = _period_key(data["year"], data.get("month"))
            exists = EnterpriseFigure.objects.filter(
                enterprise=enterprise, year=data["year"], month=data.get("month")
            ).exists()
            if exists and data.get("loaded") != key:
                form.add_error(
                    None,
                    _("This period already has figures: open it from the enterprise's figures table to change them."),
                )
                return self.render(enterprise, form, status=400)
            try:
                services.set_figures(
                    services.Actor.from_request(request),
                    enterprise,
                    data["year"],
                    data.get("month"),
                    **{f: data.get(f) for f in FIGURE_FIELDS},
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(enterprise.get_absolute_url() + "#figures")
        return self.render(enterprise, form, status=400)

    def render(self, enterprise, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "title": _("Figures of {name}").format(name=enterprise.name),
                "enterprise": enterprise,
                "form": form,
                "cancel_url": enterprise.get_absolute_url(),
            },
            status=status,
        )


def _period_key(year, month) -> str:
    return f"{year}-{month or 0}"


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class TiersView(LoginRequiredMixin, View):
    """梯队培育: how many enterprises in each band (annual and rolling), and who is close to the next band."""

    def get(self, request):
        user = request.user
        if not user.has_perm("enterprises.view_enterprise"):
            raise PermissionDenied
        today = _today()
        end = queries.latest_month(today)
        enterprises = Enterprise.objects.restrict(user, "view").exclude(status__in=["cancelled", "moved_out"])
        rows = queries.tier_rows(enterprises.select_related("street", "industry"), year=today.year - 1, end=end)
        bands = queries.bands()
        annual_counts = {b.code: 0 for b in bands}
        rolling_counts = {b.code: 0 for b in bands}
        for r in rows:
            if r.annual_tier:
                annual_counts[r.annual_tier.code] += 1
            if r.rolling_tier:
                rolling_counts[r.rolling_tier.code] += 1
        near = sorted((r for r in rows if r.near), key=lambda r: (-r.near.band.floor, -r.near.share))
        for r in near:
            r.current = current_tier(r)
            r.revenue = r.rolling.total if r.rolling and r.rolling.total is not None else r.annual_revenue
        settings = TierSettings.current()
        return render(
            request,
            "enterprises/tiers.html",
            {
                "title": _("Tiers"),
                "bands": [
                    {
                        "band": b,
                        "annual": annual_counts[b.code],
                        "rolling": rolling_counts[b.code],
                        "rolling_at_least": sum(rolling_counts[o.code] for o in bands if o.floor >= b.floor),
                    }
                    for b in bands
                ],
                "annual_year": today.year - 1,
                "rolling_end": end,
                "near": near,
                "settings": settings,
                "can_see_figures": can_see_figures(user),
            },
        )


class PoolView(ObjectListView):
    """The 小升规 培育库: enterprises with a cultivation plan, and the candidates not in it yet."""

    model = CultivationRecord
    filterset_class = CultivationFilterSet
    title = gettext_lazy("小升规 pool")
    template_name = "enterprises/pool.html"
    select_related = ("enterprise", "enterprise__street", "cadre")
    default_ordering = ("enterprise__name",)
    export_name = gettext_lazy("小升规 pool")
    columns = POOL_COLUMNS

    def extra_context(self):
        user = self.request.user
        today = _today()
        end = queries.latest_month(today)
        in_pool = CultivationRecord.objects.values("enterprise_id")
        candidates = (
            Enterprise.objects.restrict(user, "view")
            .filter(status="operating")
            .exclude(pk__in=in_pool)
            .select_related("street", "industry")
        )
        rows = [r for r in queries.tier_rows(candidates, year=today.year - 1, end=end) if r.pool]
        rows.sort(key=lambda r: -(r.rolling.total if r.rolling and r.rolling.total is not None else 0))
        return {
            "candidates": rows,
            "can_see_figures": can_see_figures(user),
            "can_add": user.has_perm("enterprises.add_cultivationrecord"),
            "settings": TierSettings.current(),
        }


class CultivationEditView(ObjectEditView):
    """Add an enterprise to the pool (``/enterprises/<enterprise>/pool/add/``) or edit its record."""

    model = CultivationRecord
    form_class = CultivationForm
    select_related = ("enterprise", "cadre")

    def dispatch(self, request, *args, **kwargs):
        self.enterprise = None
        if "enterprise_pk" in kwargs and request.user.is_authenticated:
            try:
                self.enterprise = Enterprise.objects.restrict(request.user, "view").get(pk=kwargs["enterprise_pk"])
            except (Enterprise.DoesNotExist, ValueError):
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def load(self, pk):
        obj = super().load(pk)
        user = self.request.user
        if obj is not None and not CultivationRecord.objects.restrict(user, "change").filter(pk=pk).exists():
            raise PermissionDenied
        if obj is None:
            if self.enterprise is None:
                raise Http404
            in_scope = user.has_perm("enterprises.manage_registry") or (
                Enterprise.objects.restrict(user, "change").filter(pk=self.enterprise.pk).exists()
            )
            if not in_scope:
                raise PermissionDenied
        return obj

    def get(self, request, pk=None, enterprise_pk=None):
        return super().get(request, pk)

    def post(self, request, pk=None, enterprise_pk=None):
        return super().post(request, pk)

    def get_title(self, obj):
        e = obj.enterprise if obj else self.enterprise
        return _("小升规 cultivation plan: {name}").format(name=e.name)

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        if obj is None:
            return services.add_to_pool(self.actor, self.enterprise, **data)
        return services.update_cultivation(self.actor, obj, **data)

    def cancel_url(self, obj):
        return (obj.enterprise if obj else self.enterprise).get_absolute_url()

    def success_url(self, obj):
        return obj.get_absolute_url()


class CategoriesView(LoginRequiredMixin, View):
    """四上 categories and thresholds, tier bands and tier settings; the 规上 status recomputation."""

    def get(self, request):
        return self.render(request, RefreshStatusForm(initial={"year": _today().year}))

    def post(self, request):
        if not request.user.has_perm("enterprises.change_enterpriseyearstatus") or not request.user.has_perm(
            "enterprises.manage_registry"
        ):
            raise PermissionDenied
        form = RefreshStatusForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        summary = services.refresh_year_statuses(services.Actor.from_request(request), form.cleaned_data["year"])
        messages.success(
            request,
            _("规上 status of {year} recomputed: {entered} entered, {left} left.").format(**summary),
        )
        return HttpResponseRedirect(reverse("enterprises:categories"))

    def render(self, request, form, status=200):
        user = request.user
        if not user.has_perm("enterprises.view_scalecategory"):
            raise PermissionDenied
        return render(
            request,
            "enterprises/categories.html",
            {
                "title": _("Categories and thresholds"),
                "categories": ScaleCategory.objects.restrict(user, "view").order_by("sort_order", "code"),
                "bands": TierBand.objects.restrict(user, "view").order_by("floor"),
                "settings": TierSettings.current(),
                "can_change": user.has_perm("enterprises.change_scalecategory"),
                "can_refresh": user.has_perm("enterprises.change_enterpriseyearstatus")
                and user.has_perm("enterprises.manage_registry"),
                "form": form,
            },
            status=status,
        )


class _SettingsEditView(ObjectEditView):
    def cancel_url(self, obj):
        return reverse("enterprises:categories")

    def success_url(self, obj):
        return reverse("enterprises:categories")


class CategoryEditView(_SettingsEditView):
    model = ScaleCategory
    form_class = ScaleCategoryForm

    def check_add_permission(self):
        raise PermissionDenied

    def save(self, form, obj):
        return services.update_category(self.actor, obj, **{f: form.cleaned_data[f] for f in form.Meta.fields})


class BandEditView(_SettingsEditView):
    model = TierBand
    form_class = TierBandForm

    def check_add_permission(self):
        raise PermissionDenied

    def save(self, form, obj):
        return services.update_band(self.actor, obj, **{f: form.cleaned_data[f] for f in form.Meta.fields})


class TierSettingsEditView(_SettingsEditView):
    model = TierSettings
    form_class = TierSettingsForm

    def load(self, pk):
        if not self.request.user.has_perm("enterprises.change_tiersettings"):
            raise PermissionDenied
        return TierSettings.current()

    def get(self, request, **kwargs):
        obj = self.load(None)
        return self.render_form(self.get_form(obj), obj)

    def post(self, request, **kwargs):
        obj = self.load(None)
        form = self.get_form(obj, data=request.POST)
        if form.is_valid():
            try:
                services.update_tier_settings(self.actor, **{f: form.cleaned_data[f] for f in form.Meta.fields})
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(self.success_url(obj))
        return self.render_form(form, obj, status=400)

    def get_title(self, obj):
        return _("Tier settings")


__all__ += ["BandEditView", "CategoryEditView", "TierSettingsEditView", "decorate"]
