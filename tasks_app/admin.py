from django.contrib import admin

from tasks_app.models import (
    Agency,
    AgencyGroup,
    Assignment,
    Directive,
    ImportJob,
    Membership,
    Notice,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "abbreviation", "kind", "parent", "is_active", "successor"]
    list_filter = ["kind", "is_active", "groups"]
    search_fields = ["code", "name", "abbreviation"]
    inlines = [MembershipInline]


@admin.register(AgencyGroup)
class AgencyGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "agency__code", "agency__name"]
    autocomplete_fields = ["user", "agency"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["lead", "coordinators"]


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["notice", "ref", "state", "needs_review"]
    list_filter = ["state", "needs_review", "notice"]
    search_fields = ["text", "notice__number"]
    inlines = [AssignmentInline]


class DirectiveInline(admin.TabularInline):
    model = Directive
    extra = 0
    fields = ["ref", "state", "needs_review"]
    show_change_link = True


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "issuer", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["number", "title"]
    inlines = [DirectiveInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["directive", "lead", "lead_group", "due_date", "recurrence"]
    list_filter = ["recurrence", "lead"]
    autocomplete_fields = ["lead", "coordinators"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "status", "pages_done", "pages_total", "created_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
