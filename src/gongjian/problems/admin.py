"""Problem categories are data: the administrator renames, adds or retires them here (saved through the service,
so every change is audited). Problems themselves change only through their workflow."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from gongjian.core.services import Actor

from . import services
from .models import ProblemCategory


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = []
    fields = services.CATEGORY_FIELDS

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in services.CATEGORY_FIELDS}
        try:
            saved = services.save_category(
                Actor.from_request(request), ProblemCategory.objects.get(pk=obj.pk) if change else None, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            raise
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False
