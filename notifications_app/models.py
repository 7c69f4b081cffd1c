"""Reminder policy, planned reminders, outgoing e-mail and per-user channel preferences."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Nhắc trước hạn")
    DUE = "due", _("Đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATE_HEAD = "escalate_head", _("Báo lãnh đạo cơ quan")
    ESCALATE_OFFICE = "escalate_office", _("Báo Văn phòng Tỉnh ủy")


class Audience(models.TextChoices):
    RESPONSIBLE = "responsible", _("Người đang xử lý")
    AGENCY_HEADS = "agency_heads", _("Lãnh đạo cơ quan")
    OFFICE = "office", _("Văn phòng Tỉnh ủy")


class ReminderRule(models.Model):
    """One line of the reminder policy; the Office edits these without a deploy."""

    kind = models.CharField(_("loại"), max_length=20, choices=ReminderKind.choices, unique=True)
    offset_working_days = models.IntegerField(
        _("lệch so với hạn (ngày làm việc)"),
        help_text=_("Âm: trước hạn; 0: đúng ngày hạn; dương: sau hạn."),
    )
    hour = models.PositiveSmallIntegerField(_("giờ gửi"), default=8)
    audience = models.CharField(_("gửi cho"), max_length=20, choices=Audience.choices)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("quy tắc nhắc việc")
        verbose_name_plural = _("chính sách nhắc việc")
        ordering = ["offset_working_days"]
        constraints = [
            models.CheckConstraint(condition=Q(hour__lte=23), name="reminder_rule_hour_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_rule_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s (%(offset)+d ngày, %(hour)sh)") % {
            "kind": self.get_kind_display(),
            "offset": self.offset_working_days,
            "hour": self.hour,
        }


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    CANCELLED = "cancelled", _("Đã hủy")


class PlannedReminder(models.Model):
    """A reminder to deliver at ``fire_at``; at most one per (task, kind, recipient)."""

    task = models.ForeignKey(
        "viewflow.Task", verbose_name=_("công việc"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="planned_reminders",
    )
    agency = models.ForeignKey(
        "tasks_app.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("công việc"), max_length=255)
    link = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    due_date = models.DateField(_("hạn xử lý"))
    fire_at = models.DateTimeField(_("thời điểm gửi"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("thời điểm đã gửi"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch nhắc việc")
        verbose_name_plural = _("lịch nhắc việc")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "recipient"], name="reminder_once_per_task_kind_recipient"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReminderStatus.values), name="reminder_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReminderStatus.SENT) | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            ),
        ]
        indexes = [
            # The sweep reads only pending rows in fire order: its cost follows the due rows.
            models.Index(
                fields=["fire_at"],
                condition=Q(status=ReminderStatus.PENDING),
                name="reminder_pending_fire_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} @ {self.fire_at:%d/%m/%Y %H:%M}"


class OutgoingEmail(models.Model):
    """An e-mail waiting to leave; written in the same transaction as what it reports."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Lỗi, không gửi nữa")

    key = models.CharField(_("khóa chống trùng"), max_length=120, unique=True)
    to = models.EmailField(_("người nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_try_at = models.DateTimeField(_("lần thử tiếp"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")
        indexes = [
            models.Index(
                fields=["next_try_at"],
                condition=Q(status="pending"),  # OutgoingEmail.Status.PENDING
                name="email_pending_next_try",
            )
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    in_app = models.BooleanField(_("thông báo trong ứng dụng"), default=True)
    email = models.BooleanField(_("thư điện tử ngay khi có nhắc việc"), default=True)
    daily_digest = models.BooleanField(_("thư tổng hợp hằng ngày thay cho từng thư"), default=False)

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")

    def __str__(self) -> str:
        return str(self.user)


class CalendarFeed(models.Model):
    """The secret address of one user's deadline calendar (iCal), ``/calendar/<token>.ics``.

    Whoever knows the token reads the calendar without signing in (calendar programs cannot
    sign in); resetting replaces the token, and the old address stops working at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("thời điểm tạo mã"), default=timezone.now)

    class Meta:
        verbose_name = _("lịch hạn xử lý")
        verbose_name_plural = _("lịch hạn xử lý")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(token=""), name="calendar_feed_token_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Lịch hạn xử lý của %(user)s") % {"user": self.user})
