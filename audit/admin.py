from django.contrib import admin

from audit.models import AuditEvent, CalendarFeed


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


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar address and since when; the secret itself is not shown. Deleting a
    row turns the address off (the user can create a new one)."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False
