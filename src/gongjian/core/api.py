"""The base of every REST endpoint: scope through restrict(), writes through services, clear 4xx errors."""

from __future__ import annotations

from rest_framework import viewsets

from .services import Actor

__all__ = ["ReadOnlyRestrictedViewSet", "RestrictedViewSetMixin", "actor_for"]


def actor_for(request) -> Actor:
    return Actor.from_request(request, source="api")


# DRF action -> permission verb of restrict()
_ACTION_VERBS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


class RestrictedViewSetMixin:
    """Every queryset comes from ``Model.objects.restrict(user, verb)``; objects outside it are 404."""

    queryset_base = None  # a function(queryset) -> queryset adding select_related etc.

    def get_queryset(self):
        model = self.queryset.model
        verb = _ACTION_VERBS.get(self.action, "view")
        if verb in ("change", "delete", "add"):
            # Writes are checked by the service; the object must first be visible.
            verb = "view"
        qs = model.objects.restrict(self.request.user, verb)
        qs = qs.select_related(*self.select_related) if getattr(self, "select_related", None) else qs
        qs = qs.prefetch_related(*self.prefetch_related) if getattr(self, "prefetch_related", None) else qs
        return qs.order_by(*model._meta.ordering) if model._meta.ordering else qs.order_by("pk")

    @property
    def actor(self) -> Actor:
        return actor_for(self.request)


class ReadOnlyRestrictedViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
