from django.contrib import admin

from notifications_app import services
from notifications_app.models import (
    CalendarFeed,
    Delivery,
    NotificationPreference,
    OutgoingEmail,
    ReminderRule,
    TaskAlert,
)


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    """The reminder policy; a change applies to every open task from the next sweep."""

    list_display = ["kind", "offset_working_days", "hour", "audience", "is_active"]
    list_editable = ["offset_working_days", "hour", "audience", "is_active"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.reminder_policy_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.reminder_policy_changed()


@admin.register(TaskAlert)
class TaskAlertAdmin(admin.ModelAdmin):
    list_display = ["task", "due_date", "announce", "next_at", "attempts"]
    list_filter = ["announce"]
    raw_id_fields = ["task"]
    readonly_fields = ["reminded_until", "overdue_for", "last_error"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "due_date", "sent_at", "in_app", "email"]
    list_filter = ["kind", "in_app", "email", "digest"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["task", "recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
