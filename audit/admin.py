from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = [
        "seq",
        "occurred_at",
        "actor_username",
        "agency_code",
        "event_type",
        "object_repr",
    ]
    list_filter = ["event_type", "agency_code"]
    search_fields = ["object_repr", "actor_username", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
