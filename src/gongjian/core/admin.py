from django.contrib import admin

from .models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: audit records are append-only."""

    list_display = ["at", "actor_name", "ip", "source", "action", "object_repr", "success"]
    list_filter = ["source", "success"]
    search_fields = ["actor_name", "action", "object_repr"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
