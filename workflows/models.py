"""Process, task and record models of the directive workflow (design §2, §3).

``DirectiveProcess`` is the viewflow process of one assignment (one lead agency of one
directive); ``ExtensionProcess`` is the side process of one extension request. Both use
``WorkflowTask``, viewflow's task with the agency scope, the actor role and the deadline as
real, indexed columns. Reports, reviews, contributions, meetings, periods and attachments are
plain models linked to the process.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.fields import import_flow_by_ref
from viewflow.workflow.models import Process, Task

from tasks_app.models import Agency, AgencyGroup, Assignment, Directive, Recurrence


class ActorRole(models.TextChoices):
    """Who may act on a human task of an agency."""

    HEAD = "head", _("Lãnh đạo cơ quan")
    OFFICER = "officer", _("Chuyên viên")
    OFFICE = "office", _("Văn phòng Tỉnh ủy")


class Outcome(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    COMPLETED = "completed", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class DirectiveProcess(Process):
    """One lead agency's work on one directive, from publication to closure."""

    #: The flow that runs these processes, as viewflow stores it in ``flow_class``.
    FLOW_REF = "workflows/flows.DirectiveFlow"

    assignment = models.OneToOneField(
        Assignment,
        verbose_name=_("phân công"),
        on_delete=models.PROTECT,
        related_name="workflow_process",
    )
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.PROTECT,
        related_name="workflow_processes",
    )
    lead = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan chủ trì"),
        on_delete=models.PROTECT,
        related_name="led_processes",
    )
    via_group = models.ForeignKey(
        AgencyGroup,
        verbose_name=_("giao theo nhóm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    recurrence = models.CharField(
        _("định kỳ báo cáo"), max_length=16, choices=Recurrence.choices, blank=True, default=""
    )
    due_date = models.DateField(_("hạn hiện hành"), null=True, blank=True, db_index=True)
    original_due_date = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directive_processes",
    )
    plan = models.TextField(_("kế hoạch thực hiện"), blank=True)
    meeting_required = models.BooleanField(_("có họp liên ngành"), default=False)
    outcome = models.CharField(
        _("kết quả"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN, db_index=True
    )
    outcome_reason = models.TextField(_("lý do"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kết thúc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("quy trình nhiệm vụ")
        verbose_name_plural = _("quy trình nhiệm vụ")
        # viewflow's Flow adds "manage" at import time; declared here so migrations agree
        default_permissions = ("add", "change", "delete", "view", "manage")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="directive_process_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="open") | Q(closed_at__isnull=False),
                name="directive_process_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive} — {self.lead}"

    @property
    def is_open(self) -> bool:
        return self.outcome == Outcome.OPEN


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
                condition=Q(decision="accepted") | ~Q(reason=""),
                name="review_return_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(closes_process=False) | Q(stage="verify", decision="accepted"),
                name="review_close_only_when_verified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_decision_display()}"


class ExtensionDecision(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    APPROVED = "approved", _("Đồng ý gia hạn")
    REJECTED = "rejected", _("Không đồng ý")
    WITHDRAWN = "withdrawn", _("Không còn hiệu lực")


class ExtensionProcess(Process):
    """An extension request: the lead head proposes a new date, the Office decides."""

    FLOW_REF = "workflows/flows.ExtensionFlow"

    directive_process = models.ForeignKey(
        DirectiveProcess,
        verbose_name=_("quy trình nhiệm vụ"),
        on_delete=models.PROTECT,
        related_name="extensions",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_due_date = models.DateField(_("hạn trước khi gia hạn"), null=True, blank=True)
    proposed_due_date = models.DateField(_("hạn đề nghị"))
    reason = models.TextField(_("lý do đề nghị"))
    decision = models.CharField(
        _("quyết định"),
        max_length=16,
        choices=ExtensionDecision.choices,
        default=ExtensionDecision.PENDING,
        db_index=True,
    )
    decision_reason = models.TextField(_("ý kiến của Văn phòng"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        default_permissions = ("add", "change", "delete", "view", "manage")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=ExtensionDecision.values),
                name="extension_decision_valid",
            ),
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(decision_reason=""),
                name="extension_reject_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return _("Gia hạn đến %(day)s — %(process)s") % {
            "day": f"{self.proposed_due_date:%d/%m/%Y}",
            "process": self.directive_process,
        }


def flow_of(process_class: type[Process]):
    """The flow class that runs processes of ``process_class``.

    Resolved from its reference at run time, the way viewflow resolves ``process.flow_class``:
    the services start processes through it, and the flows (which call the services) are never
    imported below them.
    """
    return import_flow_by_ref(process_class.FLOW_REF)


class WorkflowTask(Task):
    """viewflow's task plus who may act on it and its deadline, as real columns.

    ``agency`` and ``actor_role`` scope every human task to one agency (the same scope is also
    written to viewflow's ``owner_permission``/``owner_permission_obj`` so that viewflow's own
    queue never shows the task to everyone). ``due_date`` is the deadline reminders are
    planned from; it is indexed.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workflow_tasks",
    )
    actor_role = models.CharField(
        _("vai trò xử lý"), max_length=16, choices=ActorRole.choices, blank=True
    )
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        constraints = [
            models.CheckConstraint(
                condition=Q(actor_role__in=["", *ActorRole.values]),
                name="workflow_task_actor_role_valid",
            ),
        ]


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
