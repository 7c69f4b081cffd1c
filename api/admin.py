"""Administration of API tokens and webhook endpoints (administrators only), through the
services so that every issue, rotation, revocation and registration is audited."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.models import ApiToken, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.services.tokens import api_token_issue, api_token_revoke, api_token_rotate
from api.services.webhooks import webhook_endpoint_save, webhook_retry_now
from project.exceptions import ApplicationError
from tasks_app.models import Role


class _SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class ApiTokenIssueForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Vai trò của tài khoản hệ thống"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Khi cấp cho một cơ quan: mã hoạt động với các vai trò này."),
    )

    class Meta:
        model = ApiToken
        fields = ["name", "agency", "roles", "user", "read_only", "expires_at"]
        help_texts = {
            "agency": gettext_lazy("Cấp cho một cơ quan (tài khoản hệ thống của cơ quan)…"),
            "user": gettext_lazy("…hoặc cho một người dùng (ứng dụng của chính người đó)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].required = False


@admin.register(ApiToken)
class ApiTokenAdmin(_SuperuserOnly, admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "user",
        "agency",
        "read_only",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["read_only", "agency"]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["rotate", "revoke"]
    readonly_fields = [
        "name",
        "prefix",
        "user",
        "agency",
        "read_only",
        "expires_at",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "replaced_by",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenIssueForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ApiTokenIssueForm.Meta.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        try:
            issued = api_token_issue(
                by=request.user,
                name=data["name"],
                agency=data.get("agency"),
                roles=data.get("roles") or [],
                user=data.get("user"),
                read_only=data.get("read_only", False),
                expires_at=data.get("expires_at"),
            )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            raise
        form.instance = issued.token
        obj.pk, obj.prefix = issued.token.pk, issued.token.prefix
        self.message_user(
            request,
            _("Mã truy cập mới (chỉ hiện một lần, hãy lưu lại ngay): %(key)s")
            % {"key": issued.key},
            messages.WARNING,
        )

    def save_related(self, request, form, formsets, change):
        return None

    @admin.action(description=gettext_lazy("Đổi mã (mã cũ hết hiệu lực ngay)"))
    def rotate(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            issued = api_token_rotate(token=token, by=request.user)
            self.message_user(
                request,
                _("%(name)s: mã mới (chỉ hiện một lần): %(key)s")
                % {"name": token.name, "key": issued.key},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Thu hồi mã"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, by=request.user)
            count += 1
        self.message_user(request, _("Đã thu hồi %(count)s mã.") % {"count": count})


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("Địa chỉ nhận"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Sự kiện"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "agency", "events", "is_active"]


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    max_num = 0
    ordering = ["-created_at", "-pk"]
    fields = [
        "event",
        "event_key",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "last_attempt_at",
        "next_try_at",
        "delivered_at",
    ]
    readonly_fields = fields


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_SuperuserOnly, admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "agency", "is_active", "created_at"]
    readonly_fields = ["secret", "viewer", "created_at"]
    inlines = [WebhookDeliveryInline]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = webhook_endpoint_save(
            by=request.user,
            name=data["name"],
            url=data["url"],
            agency=data["agency"],
            events=data["events"],
            is_active=data["is_active"],
            endpoint=WebhookEndpoint.objects.get(pk=obj.pk) if change else None,
        )
        form.instance = saved
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the read-only deliveries: nothing to save
            formset.instance = form.instance
            self.save_formset(request, form, formset, change=change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_SuperuserOnly, admin.ModelAdmin):
    list_display = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_attempt_at",
        "next_try_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    actions = ["retry_now"]
    readonly_fields = [
        "endpoint",
        "event_id",
        "event",
        "event_key",
        "payload",
        "status",
        "attempts",
        "next_try_at",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Gửi lại ngay"))
    def retry_now(self, request, queryset):
        count = webhook_retry_now(deliveries=list(queryset), by=request.user)
        self.message_user(request, _("Sẽ gửi lại %(count)s sự kiện.") % {"count": count})
