"""What a directive process records: report periods, contributions of coordinating agencies,
the joint meeting, reports, reviews and attached files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tasks_app.models import Agency

from .processes import DirectiveProcess


class Period(models.Model):
    """One report cycle of a recurring assignment."""

    process = models.ForeignKey(
        DirectiveProcess,
        verbose_name=_("quy trình"),
        on_delete=models.CASCADE,
        related_name="periods",
    )
    number = models.PositiveIntegerField(_("kỳ số"))
    due_date = models.DateField(_("hạn báo cáo của kỳ"))
    opened_at = models.DateTimeField(_("thời điểm mở kỳ"), auto_now_add=True)
    closed_at = models.DateTimeField(_("thời điểm đóng kỳ"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="period_unique_number"),
        ]

    def __str__(self) -> str:
        return _("Kỳ %(number)s (hạn %(due)s)") % {
            "number": self.number,
            "due": f"{self.due_date:%d/%m/%Y}",
        }


class Contribution(models.Model):
    """A coordinating agency's contribution to one process."""

    process = models.ForeignKey(
        DirectiveProcess,
        verbose_name=_("quy trình"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan phối hợp"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phân công"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("nội dung phối hợp"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("ý kiến phối hợp")
        verbose_name_plural = _("ý kiến phối hợp")
        ordering = ["process", "agency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "agency"], name="contribution_unique_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.process}"


class Meeting(models.Model):
    """The joint meeting the lead agency holds (e.g. with enterprise owners)."""

    process = models.OneToOneField(
        DirectiveProcess,
        verbose_name=_("quy trình"),
        on_delete=models.CASCADE,
        related_name="meeting",
    )
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan tham dự"), related_name="+", blank=True
    )
    other_participants = models.TextField(
        _("thành phần khác"),
        blank=True,
        help_text=_("Ví dụ: chủ doanh nghiệp, đại diện người lao động."),
    )
    minutes = models.TextField(_("biên bản họp"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi biên bản"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc họp liên ngành")
        verbose_name_plural = _("cuộc họp liên ngành")

    def __str__(self) -> str:
        return _("Họp ngày %(day)s tại %(place)s") % {
            "day": f"{self.held_on:%d/%m/%Y}",
            "place": self.place,
        }


class Report(models.Model):
    """One submission of the lead officer's result report (a return asks for a new one)."""

    process = models.ForeignKey(
        DirectiveProcess,
        verbose_name=_("quy trình"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    period = models.ForeignKey(
        Period,
        verbose_name=_("kỳ báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    text = models.TextField(_("kết quả thực hiện"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("thời điểm báo cáo"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")
        ordering = ["process", "submitted_at", "id"]

    def __str__(self) -> str:
        return _("Báo cáo ngày %(day)s") % {"day": f"{self.submitted_at:%d/%m/%Y}"}


class ReviewStage(models.TextChoices):
    APPROVE = "approve", _("Lãnh đạo cơ quan duyệt")
    VERIFY = "verify", _("Văn phòng Tỉnh ủy thẩm định")


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Đồng ý")
    RETURNED = "returned", _("Trả lại")


class Review(models.Model):
    """A head's approval or the Office's verification of one report."""

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="reviews"
    )
    stage = models.CharField(_("bước"), max_length=16, choices=ReviewStage.choices)
    decision = models.CharField(_("quyết định"), max_length=16, choices=ReviewDecision.choices)
    reason = models.TextField(_("lý do"), blank=True)
    closes_process = models.BooleanField(
        _("kết thúc nhiệm vụ"),
        default=False,
        help_text=_(
            "Văn phòng chấp nhận và kết thúc; với nhiệm vụ định kỳ, nếu không thì mở kỳ sau."
        ),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến duyệt")
        verbose_name_plural = _("ý kiến duyệt")
        ordering = ["report", "decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=ReviewStage.values), name="review_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=ReviewDecision.values), name="review_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision=ReviewDecision.ACCEPTED) | ~Q(reason=""),
                name="review_return_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(closes_process=False)
                | Q(stage=ReviewStage.VERIFY, decision=ReviewDecision.ACCEPTED),
                name="review_close_only_when_verified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_decision_display()}"


class Attachment(models.Model):
    """A file attached to a report, a contribution or meeting minutes (default storage)."""

    file = models.FileField(_("tệp"), upload_to="workflows/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    report = models.ForeignKey(
        Report,
        verbose_name=_("báo cáo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("ý kiến phối hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("cuộc họp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(report__isnull=False, contribution__isnull=True, meeting__isnull=True)
                    | Q(report__isnull=True, contribution__isnull=False, meeting__isnull=True)
                    | Q(report__isnull=True, contribution__isnull=True, meeting__isnull=False)
                ),
                name="attachment_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name
