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


class TaskAlert(models.Model):
    """What is still to be told about one open human task, one row per task.

    Written in the transaction that creates, hands over or re-dates the task (one statement),
    dropped when the task ends. The sweep claims the rows whose ``next_at`` has come: it
    announces a new task (or a new owner) to whoever can act on it, and sends the reminder of
    the task's *current* state (due soon, due today, overdue, escalations) derived from
    ``due_date`` and the reminder policy — then sets ``next_at`` to the policy's next fire time.
    """

    class Announcement(models.TextChoices):
        NONE = "", _("Không")
        CREATED = "created", _("Việc mới")
        REASSIGNED = "reassigned", _("Đổi người xử lý")

    task = models.OneToOneField(
        "workflows.WorkflowTask",
        verbose_name=_("bước xử lý"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    announce = models.CharField(
        _("cần báo"), max_length=16, choices=Announcement.choices, blank=True, default=""
    )
    announced_at = models.DateTimeField(_("thời điểm cần báo"), null=True, blank=True)
    reminded_until = models.DateTimeField(
        _("đã xét nhắc việc đến"),
        null=True,
        blank=True,
        help_text=_("Các lần nhắc có thời điểm gửi đến mốc này đã được gửi hoặc bỏ qua."),
    )
    overdue_for = models.DateField(
        _("đã báo quá hạn cho hạn"), null=True, blank=True
    )  # the deadline whose ``tasks_overdue`` was sent
    next_at = models.DateTimeField(_("lần xét tiếp theo"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần thử lỗi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("lịch báo việc")
        verbose_name_plural = _("lịch báo việc")
        constraints = [
            models.CheckConstraint(
                condition=Q(announce__in=["", "created", "reassigned"]),
                name="task_alert_announce_valid",
            ),
            models.CheckConstraint(
                condition=Q(announce="") | Q(announced_at__isnull=False),
                name="task_alert_announce_has_time",
            ),
        ]
        indexes = [
            # The sweep reads only rows with something to do, in time order: its cost follows
            # the rows that are due, not all open tasks.
            models.Index(
                fields=["next_at"], condition=Q(next_at__isnull=False), name="task_alert_next_at"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"#{self.task_id} → {self.next_at:%d/%m/%Y %H:%M}"
            if self.next_at
            else f"#{self.task_id}"
        )


class DeliveryKind(models.TextChoices):
    CREATED = "created", _("Việc mới")
    REASSIGNED = "reassigned", _("Đổi người xử lý")
    BEFORE = ReminderKind.BEFORE.value, ReminderKind.BEFORE.label
    DUE = ReminderKind.DUE.value, ReminderKind.DUE.label
    OVERDUE = ReminderKind.OVERDUE.value, ReminderKind.OVERDUE.label
    ESCALATE_HEAD = ReminderKind.ESCALATE_HEAD.value, ReminderKind.ESCALATE_HEAD.label
    ESCALATE_OFFICE = ReminderKind.ESCALATE_OFFICE.value, ReminderKind.ESCALATE_OFFICE.label


class Delivery(models.Model):
    """One message about one task to one person (a new task, a reminder), as it was sent.

    ``key`` is unique per (task, kind, recipient, deadline or announcement time): a message
    is sent once even if its task is planned again. The daily digest is made of these.
    """

    key = models.CharField(_("khóa chống trùng"), max_length=120, unique=True)
    task = models.ForeignKey(
        "workflows.WorkflowTask",
        verbose_name=_("bước xử lý"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=DeliveryKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="task_deliveries",
    )
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    verb = models.CharField(_("nội dung"), max_length=255)
    title = models.CharField(_("công việc"), max_length=255)
    link = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    in_app = models.BooleanField(_("trong ứng dụng"), default=False)
    email = models.BooleanField(_("thư ngay"), default=False)
    digest = models.BooleanField(_("vào thư tổng hợp"), default=False)
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)

    class Meta:
        verbose_name = _("thông báo đã gửi")
        verbose_name_plural = _("thông báo đã gửi")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DeliveryKind.values), name="delivery_kind_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["sent_at"], condition=Q(digest=True), name="delivery_digest_sent_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} @ {self.sent_at:%d/%m/%Y %H:%M}"


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
    email = models.BooleanField(_("thư điện tử ngay khi có việc mới, nhắc việc"), default=True)
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


class ReportExportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập báo cáo")
    DONE = "done", _("Đã lập xong")
    FAILED = "failed", _("Không lập được")
    EXPIRED = "expired", _("Đã hết hạn tải về")


class ReportExport(models.Model):
    """A large progress report (XLSX or PDF) built by a worker for the person who asked.

    The file is kept in the default storage under a private path (never served directly) until
    ``expires_at``; only its owner downloads it, and only while their current report scope
    still covers ``scope`` (the scope it was built in).
    """

    Status = ReportExportStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xuất"),
        on_delete=models.CASCADE,
        related_name="report_exports",
    )
    format = models.CharField(_("định dạng"), max_length=8)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    scope = models.JSONField(
        _("phạm vi khi xuất"),
        default=dict,
        blank=True,
        help_text=_("Mọi cơ quan, hoặc danh sách cơ quan chủ trì người xuất được xem lúc đó."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ReportExportStatus.choices,
        default=ReportExportStatus.QUEUED,
        db_index=True,
    )
    rows_done = models.PositiveIntegerField(_("số dòng đã lập"), default=0)
    rows_total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    file = models.FileField(_("tệp"), upload_to="private/exports/%Y/%m/", blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("kích thước"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(_("lý do không lập được"), blank=True)
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    started_at = models.DateTimeField(_("thời điểm bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn tải về lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt xuất báo cáo")
        verbose_name_plural = _("lượt xuất báo cáo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportExportStatus.values),
                name="report_export_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_at"],
                condition=Q(expires_at__isnull=False),
                name="report_export_expires_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename or self.format} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status not in (ReportExportStatus.QUEUED, ReportExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == ReportExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_total))
