"""API tokens, idempotency records, webhook endpoints and their delivery outbox."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks_app.models import Agency


class ApiToken(models.Model):
    """A secret key another system sends as ``Authorization: Bearer <key>``.

    The token acts as ``user``: for a token scoped to an agency, that agency's service account
    (a user whose only memberships are in that agency); otherwise a named person. Only the key's
    SHA-256 is stored; the key itself is shown once, when it is issued or rotated.
    """

    name = models.CharField(_("tên"), max_length=120)
    prefix = models.CharField(_("mã nhận diện"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản sử dụng"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("giới hạn trong cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    read_only = models.BooleanField(_("chỉ đọc"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cấp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm cấp"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("thay bằng mã"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(prefix=""), name="api_token_prefix_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdempotencyRecord(models.Model):
    """The answer to a POST sent with an ``Idempotency-Key``: a retry gets it back unchanged.

    Written in the transaction of the action itself, so the action and its record commit (or
    roll back) together; a concurrent retry waits on the unique key and then replays.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("khóa"), max_length=255)
    fingerprint = models.CharField(_("dấu vết yêu cầu"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("mã trạng thái"), null=True)
    body = models.JSONField(_("nội dung trả lời"), null=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("khóa chống lặp")
        verbose_name_plural = _("khóa chống lặp")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key


class WebhookEvent(models.TextChoices):
    PROCESS_STARTED = "process.started", _("Bắt đầu thực hiện nhiệm vụ")
    TASK_CREATED = "task.created", _("Có việc mới")
    STEP_DONE = "step.done", _("Hoàn thành một bước")
    TASK_OVERDUE = "task.overdue", _("Việc quá hạn xử lý")
    PROCESS_CLOSED = "process.closed", _("Kết thúc nhiệm vụ")


class WebhookEndpoint(models.Model):
    """An address of another system that receives signed events, as one agency sees them.

    ``viewer`` is the agency's service account (head role; the Office's for VPTU): an event is
    sent only when that account may see the process, by the same rules as the web pages.
    """

    name = models.CharField(_("tên"), max_length=120)
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    secret = models.CharField(_("khóa ký"), max_length=128)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("xem với quyền của"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    events = models.JSONField(_("sự kiện"), default=list)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)

    class Meta:
        verbose_name = _("địa chỉ nhận sự kiện")
        verbose_name_plural = _("địa chỉ nhận sự kiện (webhook)")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} — {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    DELIVERED = "delivered", _("Đã gửi")
    FAILED = "failed", _("Lỗi, không gửi nữa")


class WebhookDelivery(models.Model):
    """One event for one endpoint (the outbox row), written in the transaction of the change.

    ``event_key`` names the change (``task.created:42``): at most one delivery per endpoint and
    change, however often the signal is sent.
    """

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("địa chỉ nhận"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event_id = models.UUIDField(_("mã sự kiện"), default=uuid.uuid4, unique=True)
    event = models.CharField(_("sự kiện"), max_length=32, choices=WebhookEvent.choices)
    event_key = models.CharField(_("khóa sự kiện"), max_length=120)
    payload = models.JSONField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_try_at = models.DateTimeField(_("lần gửi tiếp"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("lần gửi gần nhất"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("mã trả lời gần nhất"), null=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    delivered_at = models.DateTimeField(_("thời điểm đã gửi"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)

    class Meta:
        verbose_name = _("lần gửi sự kiện")
        verbose_name_plural = _("lần gửi sự kiện")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_key"], name="webhook_delivery_once_per_event"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_try_at"],
                condition=Q(status="pending"),
                name="webhook_pending_next_try",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint.name} ({self.get_status_display()})"
