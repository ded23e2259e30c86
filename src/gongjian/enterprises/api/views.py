"""Viewsets of the registry API. Reads through restrict(); writes through ``enterprises.services``."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import mixins, viewsets

from gongjian.core.api import RestrictedViewSetMixin, ServiceCreateMixin, ServiceUpdateMixin

from .. import services
from ..confidential import can_see_figures
from ..filtersets import EnterpriseFigureFilterSet, EnterpriseFilterSet, ScaleCategoryFilterSet
from ..models import Enterprise, EnterpriseFigure, EnterpriseYearStatus, ScaleCategory
from .serializers import EnterpriseFigureSerializer, EnterpriseSerializer, ScaleCategorySerializer

__all__ = ["EnterpriseFigureViewSet", "EnterpriseViewSet", "ScaleCategoryViewSet"]

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class EnterpriseViewSet(ServiceCreateMixin, ServiceUpdateMixin, RestrictedViewSetMixin, *_READ):
    """Enterprises of the registry. ``annual_figures`` is present only for holders of the confidential-data
    permission; personal data is masked without ``enterprises.view_personal``."""

    queryset = Enterprise.objects.all()
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    select_related = ("street", "industry")

    def get_queryset(self):
        qs = (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("year_statuses", queryset=EnterpriseYearStatus.objects.order_by("-year")))
        )
        if can_see_figures(self.request.user):
            qs = qs.prefetch_related(
                Prefetch(
                    "figures",
                    queryset=EnterpriseFigure.objects.filter(month__isnull=True).order_by("-year"),
                    to_attr="annual_figures",
                )
            )
        return qs

    def service_create(self, data):
        return services.create_enterprise(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_enterprise(self.actor, obj, **data)


class EnterpriseFigureViewSet(ServiceCreateMixin, ServiceUpdateMixin, RestrictedViewSetMixin, *_READ):
    """Yearly and monthly figures: only for holders of the confidential-data permission (others see none).
    ``POST`` sets a period's figures (creating the period or changing the figures given), ``PATCH`` changes them."""

    queryset = EnterpriseFigure.objects.all()
    serializer_class = EnterpriseFigureSerializer
    action_verbs = {"create": "change"}  # setting a period's figures is one permission, as on the page
    filterset_class = EnterpriseFigureFilterSet
    select_related = ("enterprise",)

    def get_queryset(self):
        if not can_see_figures(self.request.user):
            return EnterpriseFigure.objects.none()
        return super().get_queryset()

    def service_create(self, data):
        enterprise, year, month = data.pop("enterprise"), data.pop("year"), data.pop("month", None)
        return services.set_figures(self.actor, enterprise, year, month, **data)

    def service_update(self, obj, data):
        return services.set_figures(self.actor, obj.enterprise, obj.year, obj.month, **data)


class ScaleCategoryViewSet(RestrictedViewSetMixin, *_READ):
    """The 四上 categories and their thresholds."""

    queryset = ScaleCategory.objects.all()
    serializer_class = ScaleCategorySerializer
    filterset_class = ScaleCategoryFilterSet
