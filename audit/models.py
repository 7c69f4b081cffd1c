"""The append-only audit log: who did what, when, to which object, before and after.

Each event carries the hash of the previous event of its chain (one chain per agency of the
actor, and the main chain for the system); rewriting any stored event breaks the chain from
there on (``manage.py verify_audit``). The application never updates or
deletes an event, and on PostgreSQL a trigger refuses UPDATE and DELETE on the table.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Nhật ký kiểm tra chỉ được ghi thêm, không được sửa.")

    def delete(self):
        raise AppendOnlyError("Nhật ký kiểm tra chỉ được ghi thêm, không được xóa.")


class AuditChain(models.Model):
    """The head of one hash chain; locked while an event is appended to serialize writers."""

    name = models.CharField(max_length=64, primary_key=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("chuỗi nhật ký")
        verbose_name_plural = _("chuỗi nhật ký")

    def __str__(self) -> str:
        return f"{self.name} #{self.last_seq}"


class EventType(models.TextChoices):
    NOTICE_IMPORTED = "notice.imported", _("Nhập thông báo")
    NOTICE_PUBLISHED = "notice.published", _("Ban hành thông báo")
    DIRECTIVE_UPDATED = "directive.updated", _("Sửa nhiệm vụ")
    DIRECTIVE_CLOSED = "directive.closed", _("Kết thúc nhiệm vụ")
    ASSIGNMENT_SAVED = "assignment.saved", _("Phân công")
    ASSIGNMENT_DELETED = "assignment.deleted", _("Xóa phân công")
    PROCESS_STARTED = "process.started", _("Bắt đầu quy trình")
    STEP_DONE = "step.done", _("Hoàn thành bước")
    STEP_RETURNED = "step.returned", _("Trả lại")
    OFFICER_ASSIGNED = "officer.assigned", _("Giao chuyên viên")
    DEADLINE_CHANGED = "deadline.changed", _("Đổi hạn")
    EXTENSION_REQUESTED = "extension.requested", _("Xin gia hạn")
    EXTENSION_DECIDED = "extension.decided", _("Quyết định gia hạn")
    PROCESS_COMPLETED = "process.completed", _("Hoàn thành nhiệm vụ")
    PROCESS_CANCELLED = "process.cancelled", _("Hủy")
    REMINDER_SENT = "reminder.sent", _("Gửi nhắc việc")
    ESCALATION_SENT = "escalation.sent", _("Báo cáo quá hạn")
    REMINDER_SKIPPED = "reminder.skipped", _("Bỏ nhắc việc không còn đúng")
    TASK_ANNOUNCED = "task.announced", _("Báo việc mới")
    EXPORTED = "report.exported", _("Xuất báo cáo")
    REFUSED = "action.refused", _("Từ chối thao tác")
    API_TOKEN_ISSUED = "api_token.issued", _("Cấp mã truy cập API")
    API_TOKEN_ROTATED = "api_token.rotated", _("Đổi mã truy cập API")
    API_TOKEN_REVOKED = "api_token.revoked", _("Thu hồi mã truy cập API")
    WEBHOOK_SAVED = "webhook.saved", _("Lưu địa chỉ nhận sự kiện")
    LOGIN_FAILED = "login.failed", _("Đăng nhập sai")
    LOGIN_LOCKED = "login.locked", _("Tạm khóa đăng nhập")
    LOGIN_UNLOCKED = "login.unlocked", _("Mở khóa đăng nhập")
    NOTICE_UPDATED = "notice.updated", _("Sửa thông tin văn bản")
    DIRECTIVE_CREATED = "directive.created", _("Thêm nhiệm vụ")
    DIRECTIVE_DELETED = "directive.deleted", _("Xóa nhiệm vụ")
    REGISTRY_CHANGED = "registry.changed", _("Sửa danh mục cơ quan")
    AGENCY_RETIRED = "agency.retired", _("Cơ quan thôi hoạt động")
    WORK_TRANSFERRED = "work.transferred", _("Chuyển giao cho cơ quan kế thừa")


class AuditEvent(models.Model):
    chain = models.CharField(_("chuỗi"), max_length=64, default="main")
    seq = models.PositiveBigIntegerField(_("số thứ tự"))
    occurred_at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    agency_code = models.CharField(_("cơ quan"), max_length=32, blank=True, db_index=True)
    event_type = models.CharField(_("loại sự kiện"), max_length=40, choices=EventType.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    notice_id = models.BigIntegerField(_("thông báo"), null=True, blank=True, db_index=True)
    directive_id = models.BigIntegerField(_("nhiệm vụ"), null=True, blank=True, db_index=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện kiểm tra")
        verbose_name_plural = _("nhật ký kiểm tra")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_unique_seq"),
        ]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_event_type_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not kwargs.pop("_append", False):
            raise AppendOnlyError("Nhật ký kiểm tra chỉ được ghi thêm qua audit.services.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Nhật ký kiểm tra chỉ được ghi thêm, không được xóa.")
