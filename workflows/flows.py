"""The directive workflow and its extension side path.

The flows describe the graph only: every handler is one line that calls a service or a
selector, and every human step is a form (``workflows.forms``) and the service that acts on it.
All state changes happen in ``workflows.services``.

DirectiveFlow::

    start (Office publishes)
      → accept (lead head: officer, plan, meeting?)
      → split_work ─┬─ coordinate_assign × N (coordinating head: officer)
                    │     → coordinate (coordinating officer: contribution) ─┐
                    ├─ meeting (lead officer, if chosen at accept) ──────────┤
                    └────────────────────────────────────────────────────────┴→ join_work
      → report (lead officer) → approve (lead head) → check_approve ─no→ report
      → verify (Office) → check_verify ─no→ report
      → check_close ─no (recurring, next period)→ next_period → report
      → complete → end

ExtensionFlow: start (lead head asks) → decide (Office) → end.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from tasks_app.selectors import office_agency

from . import forms, permissions, selectors, services
from .forms import Decision
from .models import ActorRole, DirectiveProcess, ExtensionProcess, ReviewStage, WorkflowTask
from .nodes import AgencyTask, DynamicSplit, If
from .task_views import StepView


def step(form_class, service, *, submit="", done=""):
    """The page of a human step: ``form_class`` asks, ``service`` acts; ``submit`` names the
    button, ``done`` is what the user is told afterwards (per answer, for a decision)."""
    return StepView.as_view(
        form_class=form_class, service=service, submit_label=submit, success_message=done
    )


class DirectiveFlow(flow.Flow):
    """Thực hiện nhiệm vụ

    Cơ quan chủ trì tiếp nhận, phân công, phối hợp với các cơ quan liên quan, báo cáo kết quả;
    lãnh đạo cơ quan duyệt và Văn phòng Tỉnh ủy thẩm định, kết thúc nhiệm vụ.
    """

    process_class = DirectiveProcess
    task_class = WorkflowTask
    lock_impl = lock.select_for_update_lock
    process_title = _("Thực hiện nhiệm vụ")
    process_description = _(
        "Cơ quan chủ trì tiếp nhận, phân công, phối hợp với các cơ quan liên quan, báo cáo "
        "kết quả; lãnh đạo cơ quan duyệt và Văn phòng Tỉnh ủy thẩm định, kết thúc nhiệm vụ."
    )
    process_summary_template = _(
        "{{ process.directive.notice.number }} – mục {{ process.directive.ref }} – "
        "{{ process.lead.name }}"
    )

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("Ban hành nhiệm vụ"))
        .Next(this.accept)
    )
    accept = (
        AgencyTask(
            step(
                forms.AcceptForm,
                services.task_accept,
                submit=_("Tiếp nhận và giao việc"),
                done=_("Đã tiếp nhận nhiệm vụ %(directive)s và giao cho %(officer)s."),
            )
        )
        .Annotation(
            title=_("Tiếp nhận, phân công"),
            description=_(
                "Lãnh đạo cơ quan chủ trì tiếp nhận nhiệm vụ, chọn chuyên viên phụ trách"
            ),
            summary_template=_("Tiếp nhận: {{ process.lead.name }}"),
        )
        .Scope(agency=this.lead_agency, role=ActorRole.HEAD)
        .Deadline(this.process_deadline)
        .Next(this.split_work)
    )
    split_work = (
        DynamicSplit()
        .Annotation(title=_("Phân công phối hợp"))
        .Next(this.coordinate_assign, each=this.coordinator_branches)
        .Next(this.meeting, case=this.meeting_required)
        .Always(this.join_work)
    )
    coordinate_assign = (
        AgencyTask(
            step(
                forms.CoordinationAssignForm,
                services.task_coordination_assign,
                submit=_("Giao việc phối hợp"),
                done=_("Đã giao %(officer)s chuẩn bị ý kiến phối hợp cho nhiệm vụ %(directive)s."),
            )
        )
        .Annotation(
            title=_("Phân công phối hợp"),
            summary_template=_("Phối hợp: {{ task.agency.name }}"),
        )
        .Scope(agency=this.branch_agency, role=ActorRole.HEAD)
        .Deadline(this.process_deadline)
        .Next(this.coordinate, task_data=this.branch_data)
    )
    coordinate = (
        AgencyTask(
            step(
                forms.ContributionForm,
                services.task_contribution_submit,
                submit=_("Gửi ý kiến"),
                done=_("Đã gửi ý kiến phối hợp cho nhiệm vụ %(directive)s."),
            )
        )
        .Annotation(
            title=_("Gửi ý kiến phối hợp"),
            summary_template=_("Ý kiến phối hợp: {{ task.agency.name }}"),
        )
        .Scope(agency=this.branch_agency, role=ActorRole.OFFICER)
        .Assign(this.branch_officer)
        .Deadline(this.process_deadline)
        .Next(this.join_work)
    )
    meeting = (
        AgencyTask(
            step(
                forms.MeetingForm,
                services.task_meeting_record,
                submit=_("Lưu biên bản họp"),
                done=_("Đã lưu biên bản họp liên ngành của nhiệm vụ %(directive)s."),
            )
        )
        .Annotation(title=_("Họp liên ngành"))
        .Scope(agency=this.lead_agency, role=ActorRole.OFFICER)
        .Assign(this.lead_officer)
        .Deadline(this.process_deadline)
        .Next(this.join_work)
    )
    join_work = flow.Join().Annotation(title=_("Tổng hợp phối hợp")).Next(this.report)
    report = (
        AgencyTask(
            step(
                forms.ReportForm,
                services.task_report_submit,
                submit=_("Gửi báo cáo"),
                done=_("Đã gửi báo cáo kết quả nhiệm vụ %(directive)s để lãnh đạo duyệt."),
            )
        )
        .Annotation(title=_("Báo cáo kết quả"))
        .Scope(agency=this.lead_agency, role=ActorRole.OFFICER)
        .Assign(this.lead_officer)
        .Deadline(this.process_deadline)
        .Next(this.approve)
    )
    approve = (
        AgencyTask(
            step(
                forms.ApproveForm,
                services.task_approve,
                done={
                    Decision.APPROVE: _(
                        "Đã duyệt báo cáo nhiệm vụ %(directive)s, trình Văn phòng Tỉnh ủy "
                        "thẩm định."
                    ),
                    Decision.RETURN: _(
                        "Đã trả lại báo cáo nhiệm vụ %(directive)s để chuyên viên hoàn chỉnh."
                    ),
                },
            )
        )
        .Annotation(title=_("Duyệt báo cáo"))
        .Scope(agency=this.lead_agency, role=ActorRole.HEAD)
        .Deadline(this.process_deadline)
        .Next(this.check_approve)
    )
    check_approve = (
        If(this.is_approved)
        .Annotation(title=_("Lãnh đạo đồng ý?"))
        .Then(this.verify)
        .Else(this.report)
    )
    verify = (
        AgencyTask(
            step(
                forms.VerifyForm,
                services.task_verify,
                done={
                    Decision.CLOSE: _("Đã chấp nhận kết quả và kết thúc nhiệm vụ %(directive)s."),
                    Decision.NEXT_PERIOD: _(
                        "Đã chấp nhận báo cáo kỳ này và mở kỳ báo cáo tiếp theo của nhiệm vụ "
                        "%(directive)s."
                    ),
                    Decision.RETURN: _("Đã trả lại nhiệm vụ %(directive)s cho cơ quan chủ trì."),
                },
            )
        )
        .Annotation(title=_("Thẩm định kết quả"))
        .Scope(agency=this.office_agency, role=ActorRole.OFFICE)
        .Next(this.check_verify)
    )
    check_verify = (
        If(this.is_verified)
        .Annotation(title=_("Văn phòng chấp nhận?"))
        .Then(this.check_close)
        .Else(this.report)
    )
    check_close = (
        If(this.is_closing)
        .Annotation(title=_("Kết thúc nhiệm vụ?"))
        .Then(this.complete)
        .Else(this.next_period)
    )
    next_period = (
        flow.Function(this.open_next_period)
        .Annotation(title=_("Mở kỳ báo cáo tiếp theo"))
        .Next(this.report)
    )
    complete = flow.Function(this.mark_completed).Annotation(title=_("Hoàn thành")).Next(this.end)
    end = flow.End().Annotation(title=_("Kết thúc"))

    # --- handlers (one line each) --------------------------------------------------------

    def start_process(self, activation, assignment, by):
        return services.process_initialize(process=activation.process, assignment=assignment, by=by)

    def lead_agency(self, activation):
        return activation.process.lead

    def office_agency(self, activation):
        return office_agency()

    def lead_officer(self, activation):
        return activation.process.officer

    def process_deadline(self, activation):
        return activation.process.due_date

    def coordinator_branches(self, activation):
        return selectors.coordination_branches(process=activation.process)

    def meeting_required(self, activation):
        return activation.process.meeting_required

    def branch_agency(self, activation):
        return selectors.agency_get(pk=activation.task.data["agency_id"])

    def branch_data(self, activation):
        return {"agency_id": activation.task.agency_id}

    def branch_officer(self, activation):
        return selectors.coordination_officer(process=activation.process, task=activation.task)

    def is_approved(self, activation):
        return selectors.process_last_review_accepted(
            process=activation.process, stage=ReviewStage.APPROVE
        )

    def is_verified(self, activation):
        return selectors.process_last_review_accepted(
            process=activation.process, stage=ReviewStage.VERIFY
        )

    def is_closing(self, activation):
        return selectors.process_closing_requested(process=activation.process)

    def open_next_period(self, activation):
        services.period_open_next(process=activation.process)

    def mark_completed(self, activation):
        services.process_complete(process=activation.process)

    # --- permissions of the viewflow pages ---------------------------------------------

    def has_view_permission(self, user, obj=None):
        return permissions.user_can_view_process(user=user, process=obj)

    def has_manage_permission(self, user, obj=None):
        # viewflow's own manage actions (undo, revive, cancel without a reason) bypass the
        # services; nobody gets them. Cancelling goes through services.process_cancel.
        return False


class ExtensionFlow(flow.Flow):
    """Gia hạn nhiệm vụ

    Lãnh đạo cơ quan chủ trì đề nghị hạn mới kèm lý do; Văn phòng Tỉnh ủy đồng ý hoặc không.
    """

    process_class = ExtensionProcess
    task_class = WorkflowTask
    lock_impl = lock.select_for_update_lock
    process_title = _("Gia hạn nhiệm vụ")
    process_description = _(
        "Lãnh đạo cơ quan chủ trì đề nghị hạn mới kèm lý do; Văn phòng Tỉnh ủy đồng ý hoặc "
        "không đồng ý."
    )
    process_summary_template = _(
        "{{ process.directive_process }}: đề nghị gia hạn đến "
        "{{ process.proposed_due_date|date:'d/m/Y' }}"
    )

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("Đề nghị gia hạn"))
        .Next(this.decide)
    )
    decide = (
        AgencyTask(
            step(
                forms.ExtensionDecideForm,
                services.task_extension_decide,
                done={
                    Decision.APPROVE: _(
                        "Đã đồng ý gia hạn nhiệm vụ %(directive)s đến %(due_date)s."
                    ),
                    Decision.REJECT: _("Đã không đồng ý gia hạn nhiệm vụ %(directive)s."),
                },
            )
        )
        .Annotation(title=_("Xét đề nghị gia hạn"))
        .Scope(agency=this.office_agency, role=ActorRole.OFFICE)
        .Next(this.end)
    )
    end = flow.End().Annotation(title=_("Kết thúc"))

    def start_process(self, activation, directive_process, by, due_date, reason):
        return services.extension_initialize(
            process=activation.process,
            directive_process=directive_process,
            by=by,
            due_date=due_date,
            reason=reason,
        )

    def office_agency(self, activation):
        return office_agency()

    def has_view_permission(self, user, obj=None):
        return permissions.user_can_view_process(user=user, process=obj)

    def has_manage_permission(self, user, obj=None):
        return False
