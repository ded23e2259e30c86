"""Generic views, written once and configured per model.

* :class:`ObjectListView`: restrict() → FilterSet → sort → paginate; the same request with ``?export=xlsx``
  downloads the filtered list; an HTMX request gets only the table.
* :class:`ObjectDetailView`: one object from restrict(user, "view"), else 404.
* :class:`ObjectEditView`: add and edit share one class; the form validates, a service function writes.
* :class:`ObjectDeleteView`: a confirmation page, then the service.

Service errors come back to the user: a ``ValidationError`` lands on the form (field by field), a
``PermissionDenied`` is a 403 page. Nothing here writes a model.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from ..excel import audit_export, export_mark, workbook_bytes, xlsx_response
from ..models import SCOPE_ALL_PERMISSION, AuditLog
from ..services import Actor
from ..tables import Column

__all__ = ["ObjectDeleteView", "ObjectDetailView", "ObjectEditView", "ObjectListView", "apply_service_errors"]


def apply_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: known fields on the field, the rest on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class BaseObjectView(LoginRequiredMixin, View):
    model: type[Model]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    action = "view"

    def base_queryset(self, action: str | None = None) -> QuerySet:
        qs = self.model.objects.restrict(self.request.user, action or self.action)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def get_object(self, pk, action: str = "view") -> Model:
        try:
            return self.base_queryset(action).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def opts(self) -> dict[str, Any]:
        m = self.model._meta
        return {"verbose_name": m.verbose_name, "verbose_name_plural": m.verbose_name_plural}


class ObjectListView(BaseObjectView):
    """List, filter, sort, paginate and export the rows of a model the user may see."""

    filterset_class = None
    columns: list[Column] = []
    template_name = "core/object_list.html"
    table_template = "core/includes/table.html"
    paginate_by = 25
    default_ordering: tuple[str, ...] = ()
    export_name: Any = None  # the file and sheet name of the export (may be lazy); default: verbose_name_plural
    title = None
    add_url_name: str | None = None
    add_permission: str | None = None
    extra_actions: list[tuple[str, str, str | None]] = []  # (url, label, permission)

    def get_queryset(self) -> QuerySet:
        return self.base_queryset()

    def get_columns(self) -> list[Column]:
        return self.columns

    def filtered(self):
        qs = self.get_queryset()
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
        return filterset, qs

    def sort(self, qs: QuerySet) -> tuple[QuerySet, str]:
        key = self.request.GET.get("sort", "")
        orderable = {c.order_by for c in self.get_columns() if c.order_by}
        field = key.lstrip("-")
        if field in orderable:
            return qs.order_by(key, "pk"), key
        return (qs.order_by(*self.default_ordering, "pk") if self.default_ordering else qs), ""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        opts = self.model._meta
        if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            raise PermissionDenied
        filterset, qs = self.filtered()
        qs, sort = self.sort(qs)
        if request.GET.get("export") == "xlsx":
            return self.export(qs)
        page = Paginator(qs, self.paginate_by).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        self.decorate_rows(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **self.opts(),
            "title": self.title or self.model._meta.verbose_name_plural,
            "filterset": filterset,
            "page": page,
            "rows": page.object_list,
            "columns": self.get_columns(),
            "sort": sort,
            "query": query.urlencode(),
            "query_without_sort": _without(query, "sort"),
            "table_template": self.table_template,
            "add_url": self.get_add_url(),
            "actions": [(u, lbl) for u, lbl, perm in self.extra_actions if perm is None or request.user.has_perm(perm)],
            **self.extra_context(),
        }
        if request.htmx and request.htmx.target == "object-table":
            return render(request, self.table_template, context)
        return render(request, self.template_name, context)

    def decorate_rows(self, rows: list) -> None:
        """Hook: attach computed values to the rows of the page shown (not a query per row)."""

    def get_add_url(self) -> str | None:
        from django.urls import reverse

        if self.add_url_name and (not self.add_permission or self.request.user.has_perm(self.add_permission)):
            return reverse(self.add_url_name)
        return None

    def extra_context(self) -> dict[str, Any]:
        return {}

    def export_is_confidential(self) -> bool:
        """True when the export carries confidential data: it is watermarked with the user and time, and audited."""
        return False

    def export(self, qs: QuerySet) -> HttpResponse:
        columns = self.get_columns()
        # iterator(chunk_size=...) keeps memory flat and still honours prefetch_related.
        rows = ([c.export_value(row) for c in columns] for row in qs.iterator(chunk_size=2000))
        name = str(self.export_name or self.model._meta.verbose_name_plural)
        watermark = ""
        if self.export_is_confidential():
            watermark = export_mark(self.request.user)
            audit_export(self.request, name)
        content = workbook_bytes([str(c.label) for c in columns], rows, title=name, watermark=watermark)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(content, f"{name}-{stamp}.xlsx")


def _without(query, key: str) -> str:
    q = query.copy()
    q.pop(key, None)
    return q.urlencode()


class ObjectDetailView(BaseObjectView):
    template_name: str

    def get(self, request, pk, *args, **kwargs):
        obj = self.get_object(pk)
        context = {**self.opts(), "object": obj, **self.detail_context(obj)}
        return render(request, self.template_name, context)

    def detail_context(self, obj) -> dict[str, Any]:
        return {}

    def history(self, obj, limit: int = 50, visible_children=None):
        """The object's audit records and its children's. ``visible_children`` (a queryset of the children the
        user may see) keeps records of children outside the user's scope out of the history."""
        records = AuditLog.objects.for_object(obj)
        if visible_children is not None and not self.request.user.has_perm(SCOPE_ALL_PERMISSION):
            ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
            child_ct = ContentType.objects.get_for_model(visible_children.model, for_concrete_model=False)
            ids = [str(pk) for pk in visible_children.values_list("pk", flat=True)]
            records = records.filter(
                Q(content_type=ct, object_id=str(obj.pk)) | Q(content_type=child_ct, object_id__in=ids)
            )
        return records.select_related("content_type")[:limit]


class ObjectEditView(BaseObjectView):
    """Add (no pk) or edit (pk) one object. Subclasses give ``form_class`` and ``save(form, obj)``."""

    form_class = None
    template_name = "core/object_edit.html"
    permission_action_add = "add"
    permission_action_edit = "change"
    success_message = None

    def check_add_permission(self):
        opts = self.model._meta
        if not self.request.user.has_perm(f"{opts.app_label}.{self.permission_action_add}_{opts.model_name}"):
            raise PermissionDenied

    def load(self, pk):
        if pk is None:
            self.check_add_permission()
            return None
        obj = self.get_object(pk, "view")
        opts = self.model._meta
        if not self.request.user.has_perm(f"{opts.app_label}.{self.permission_action_edit}_{opts.model_name}"):
            raise PermissionDenied
        return obj

    def get_form(self, obj, data=None, files=None):
        initial = self.form_initial() if obj is None else {}
        return self.form_class(data=data, files=files, instance=obj, initial=initial, **self.form_kwargs(obj))

    def form_kwargs(self, obj) -> dict[str, Any]:
        return {}

    def form_initial(self) -> dict[str, Any]:
        """Hook: the values a new object's form starts with (e.g. from the query string)."""
        return {}

    def get(self, request, pk=None, **kwargs):
        obj = self.load(pk)
        return self.render_form(self.get_form(obj), obj)

    def post(self, request, pk=None, **kwargs):
        obj = self.load(pk)
        form = self.get_form(obj, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                saved = self.save(form, obj)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, self.success_message or _("Saved."))
                return HttpResponseRedirect(self.success_url(saved))
        return self.render_form(form, obj, status=400)

    def render_form(self, form, obj, status: int = 200):
        context = {
            **self.opts(),
            "form": form,
            "object": obj,
            "title": self.get_title(obj),
            "cancel_url": self.cancel_url(obj),
            **self.extra_context(obj),
        }
        return render(self.request, self.template_name, context, status=status)

    def get_title(self, obj) -> str:
        if obj is None:
            return _("New {name}").format(name=self.model._meta.verbose_name)
        return _("Edit {name}").format(name=self.model._meta.verbose_name)

    def extra_context(self, obj) -> dict[str, Any]:
        return {}

    def cancel_url(self, obj) -> str:
        return obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else "/"

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def save(self, form, obj):  # pragma: no cover - abstract
        raise NotImplementedError


class ObjectDeleteView(BaseObjectView):
    template_name = "core/object_delete.html"

    def load(self, pk):
        obj = self.get_object(pk, "view")
        opts = self.model._meta
        if not self.request.user.has_perm(f"{opts.app_label}.delete_{opts.model_name}"):
            raise PermissionDenied
        return obj

    def get(self, request, pk, **kwargs):
        obj = self.load(pk)
        return render(request, self.template_name, {**self.opts(), "object": obj, "cancel_url": self.cancel_url(obj)})

    def post(self, request, pk, **kwargs):
        obj = self.load(pk)
        target = self.success_url(obj)
        try:
            self.delete(obj)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
            return HttpResponseRedirect(self.cancel_url(obj))
        messages.success(request, _("Deleted."))
        return HttpResponseRedirect(target)

    def cancel_url(self, obj) -> str:
        return obj.get_absolute_url()

    def success_url(self, obj) -> str:
        return "/"

    def delete(self, obj):  # pragma: no cover - abstract
        raise NotImplementedError
