from django.contrib import admin

from notifications_app.models import (
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
