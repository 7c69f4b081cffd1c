"""The workflow's processes and tasks.

``DirectiveProcess`` is the viewflow process of one assignment (one lead agency of one
directive); ``ExtensionProcess`` is the side process of one extension request. Both use
``WorkflowTask``, viewflow's task with the agency scope, the actor role and the deadline as
real, indexed columns.
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
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True, db_index=True)
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
        indexes = [
            # open work by deadline (overdue lists, the calendar, the home page)
            models.Index(fields=["due_date"], condition=Q(outcome="open"), name="process_open_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="directive_process_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.OPEN) | Q(closed_at__isnull=False),
                name="directive_process_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive} — {self.lead}"

    @property
    def is_open(self) -> bool:
        return self.outcome == Outcome.OPEN


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
    granted_due_date = models.DateField(
        _("hạn được chấp thuận"),
        null=True,
        blank=True,
        help_text=_("Hạn mới Văn phòng Tỉnh ủy đồng ý (có thể khác hạn đề nghị)."),
    )
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
        # an agency's queue and inbox: its tasks for one role
        indexes = [models.Index(fields=["agency", "actor_role"], name="task_agency_role")]
        constraints = [
            models.CheckConstraint(
                condition=Q(actor_role__in=["", *ActorRole.values]),
                name="workflow_task_actor_role_valid",
            ),
        ]
