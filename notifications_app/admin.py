from django.contrib import admin

from notifications_app.models import (
    CalendarFeed,
    NotificationPreference,
    OutgoingEmail,
    PlannedReminder,
    ReminderRule,
)


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "offset_working_days", "hour", "audience", "is_active"]
    list_editable = ["offset_working_days", "hour", "audience", "is_active"]


@admin.register(PlannedReminder)
class PlannedReminderAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "due_date", "fire_at", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["task", "recipient"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["to", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "in_app", "email", "daily_digest"]


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
