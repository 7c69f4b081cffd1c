"""Write side of the directive workflow: the only place that changes workflow state.

Every entry point (viewflow pages, the API later, tests) calls these functions. Each one
locks the process (``select_for_update``), re-reads the task, checks the user's agency and
role **before** any viewflow state call (``assign``/``start``/``execute`` check nothing), and
refuses with a :class:`ApplicationError` whose message is Vietnamese:

- :class:`PermissionRefused`: wrong agency or role (API: 403);
- :class:`StateConflict` / :class:`ConcurrencyConflict`: already done, cancelled,
  or being changed by someone else right now (API: 409);
- :class:`InvalidInput`: missing reason, wrong officer, bad attachment (API: 400).

All state changes happen here, so the audit log has one place to hook.
"""

import datetime
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.exceptions import FlowLockFailed, FlowRuntimeError
from viewflow.workflow.status import STATUS

from audit.models import EventType
from audit.services import Target, audit_record, refusals_audited
from project.exceptions import (
    ApplicationError,
    ConcurrencyConflict,
    InvalidInput,
    PermissionRefused,
    StateConflict,
)
from tasks_app.models import Assignment
from tasks_app.selectors import user_is_head, user_is_office

from . import permissions, selectors, signals
from .attachments import attachments_validate
from .deadlines import assignment_first_due, next_period_due
from .models import (
    ActorRole,
    Attachment,
    Contribution,
    DirectiveProcess,
    ExtensionDecision,
    ExtensionProcess,
    Meeting,
    Outcome,
    Period,
    Report,
    Review,
    ReviewDecision,
    ReviewStage,
    WorkflowTask,
)

__all__ = [
    "ApplicationError",
    "ConcurrencyConflict",
    "InvalidInput",
    "PermissionRefused",
    "StateConflict",
    "assignment_processes_start",
    "extension_request",
    "process_cancel",
    "process_officer_reassign",
    "task_accept",
    "task_approve",
    "task_claim",
    "task_contribution_submit",
    "task_coordination_assign",
    "task_extension_decide",
    "task_meeting_record",
    "task_reclaim",
    "task_release",
    "task_report_submit",
    "task_verify",
]


def _flows():
    from . import flows  # the flows import this module for their handlers

    return flows


def _busy_error() -> ConcurrencyConflict:
    return ConcurrencyConflict(
        _("Nhiệm vụ đang được người khác cập nhật cùng lúc. Vui lòng thử lại sau ít giây.")
    )


@contextmanager
def _process_locked(flow_class, process_pk):
    """The flow's ``select_for_update`` lock on the process row; a busy lock is a clear error."""
    try:
        with flow_class.lock(process_pk):
            yield
    except FlowLockFailed as exc:
        raise _busy_error() from exc


def _text(value) -> str:
    return (value or "").strip()


def _require_text(value, message) -> str:
    text = _text(value)
    if not text:
        raise InvalidInput(message)
    return text


def _require_officer(*, officer, agency):
    if (
        officer is None
        or not selectors.agency_officers(agency=agency).filter(pk=officer.pk).exists()
    ):
        raise InvalidInput(
            _("Người được chọn không phải chuyên viên của %(agency)s.") % {"agency": agency}
        )
    return officer


def _validate_files(files) -> list:
    files = list(files or [])
    try:
        attachments_validate(files)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc
    return files


def _attachments_save(*, files, by, **owner) -> None:
    for file in files:
        Attachment.objects.create(
            file=file,
            original_name=file.name.rsplit("/", 1)[-1][:255],
            size=file.size,
            uploaded_by=by,
            **owner,
        )


def _task_ended(task) -> None:
    signals.task_finished.send(sender=WorkflowTask, task=task)


def _node_mismatch(task, node) -> bool:
    flow_task = task.flow_task
    return (
        flow_task is None
        or flow_task.flow_class is not node.flow_class
        or (flow_task.name != node.name)
    )


def _audit(
    event_type, *, by, process, obj=None, label="", before=None, after=None, reason=""
) -> None:
    """Record a workflow event against ``obj`` (default: the process) of a directive."""
    directive_process = getattr(process, "directive_process", None) or process
    obj = obj or process
    audit_record(
        event_type=event_type,
        actor=by,
        target=Target(
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=(label or str(obj))[:255],
            notice_id=directive_process.directive.notice_id,
            directive_id=directive_process.directive_id,
        ),
        before=before,
        after=after,
        reason=reason,
    )


def _audited(action: str):
    """Refused calls (wrong agency or role) land in the audit log."""
    return refusals_audited(action, PermissionRefused)


@contextmanager
def _task_step(*, task, by, node):
    """Do one human step: lock, reload, check agency/role and state, claim, start; the body
    records the step's data on ``activation.process``; then the task is executed (which
    creates the next tasks) and ``task_finished`` is sent.
    """
    with _process_locked(node.flow_class, task.process_id):
        task = WorkflowTask.objects.select_related("agency", "owner").get(pk=task.pk)
        if _node_mismatch(task, node):
            raise StateConflict(
                _("Việc #%(task)s không phải bước “%(step)s”.")
                % {"task": task.pk, "step": node.task_title}
            )
        permissions.require_task_actor(user=by, task=task)
        permissions.require_task_open(task=task)
        activation = node.activation_class(task)
        try:
            if task.status == STATUS.NEW:
                task.assigned = timezone.now()
                activation.assign(by)
            activation.start(None)
            yield activation
            activation.execute()
        except (TransitionNotAllowed, FlowRuntimeError) as exc:
            raise StateConflict(
                _("Không thể hoàn thành bước “%(step)s” ở trạng thái hiện tại.")
                % {"step": node.task_title}
            ) from exc
        _audit(
            EventType.STEP_DONE,
            by=by,
            process=activation.process,
            obj=activation.task,
            label=f"{node.task_title} — {activation.process}",
            after={"step": node.name, "agency": task.agency.code},
        )
        _task_ended(activation.task)


def _directive_state_refresh(*, directive) -> None:
    state = selectors.directive_outcome(directive=directive)
    if state is not None and directive.state != state:
        directive.state = state
        directive.save(update_fields=["state"])


# --- starting -----------------------------------------------------------------------------


@_audited("assignment_processes_start")
def assignment_processes_start(*, assignments: Sequence[Assignment], by) -> list[DirectiveProcess]:
    """Start one DirectiveFlow process per assignment (called by publishing, in its transaction).

    Each assignment must name a concrete lead agency (group leads already expanded). Only the
    Office may start processes; ``by=None`` is the operator running a management command
    (the same convention as ``tasks_app.services``).
    """
    if by is not None and not user_is_office(user=by):
        raise PermissionRefused(_("Chỉ Văn phòng Tỉnh ủy được ban hành nhiệm vụ."))
    flows = _flows()
    processes = []
    with transaction.atomic():
        for assignment in assignments:
            if assignment.lead_id is None:
                raise InvalidInput(
                    _("Phân công “%(assignment)s” giao cho nhóm; cần tách theo từng cơ quan.")
                    % {"assignment": assignment}
                )
            if selectors.process_for_assignment(assignment=assignment) is not None:
                raise StateConflict(
                    _("Phân công “%(assignment)s” đã có quy trình xử lý.")
                    % {"assignment": assignment}
                )
            process = flows.DirectiveFlow.start.run(assignment=assignment, by=by)
            if process.recurrence and process.due_date is not None:
                Period.objects.create(process=process, number=1, due_date=process.due_date)
            _audit(
                EventType.PROCESS_STARTED,
                by=by,
                process=process,
                after={
                    "lead": process.lead.code,
                    "due_date": process.due_date,
                    "recurrence": process.recurrence or None,
                },
            )
            processes.append(process)
    return processes


def process_initialize(
    *, process: DirectiveProcess, assignment: Assignment, by
) -> DirectiveProcess:
    """Fill the new process's columns from its assignment (flow start handler; not saved yet)."""
    due = assignment_first_due(assignment=assignment)
    process.assignment = assignment
    process.directive = assignment.directive
    process.lead = assignment.lead
    process.via_group = assignment.via_group
    process.recurrence = assignment.recurrence
    process.due_date = due
    process.original_due_date = due
    process.started_by = by
    return process


def task_created(*, task: WorkflowTask) -> None:
    """A human task was just created (node hook): announce its deadline, if it has one."""
    if task.due_date is not None:
        signals.task_deadline_changed.send(sender=WorkflowTask, task=task, due=task.due_date)


# --- queue --------------------------------------------------------------------------------


@_audited("task_claim")
def task_claim(*, task: WorkflowTask, by) -> WorkflowTask:
    """Take an unassigned task from the agency queue."""
    with _process_locked(task.flow_task.flow_class, task.process_id):
        task = WorkflowTask.objects.select_related("agency", "owner").get(pk=task.pk)
        permissions.require_task_actor(user=by, task=task)
        permissions.require_task_open(task=task)
        if task.status != STATUS.NEW or task.owner_id is not None:
            if task.owner_id == by.pk:
                return task
            raise StateConflict(
                _("Bước “%(step)s” đã có người nhận.") % {"step": task.flow_task.task_title}
            )
        task.assigned = timezone.now()
        task.flow_task.activation_class(task).assign(by)
        return task


@_audited("task_release")
def task_release(*, task: WorkflowTask, by) -> WorkflowTask:
    """Put a task the user took back into the agency queue."""
    with _process_locked(task.flow_task.flow_class, task.process_id):
        task = WorkflowTask.objects.select_related("agency", "owner").get(pk=task.pk)
        permissions.require_task_actor(user=by, task=task)
        permissions.require_task_open(task=task)
        if not permissions.user_can_release(user=by, task=task):
            raise StateConflict(
                _("Không thể trả bước “%(step)s” về hàng đợi.")
                % {"step": task.flow_task.task_title}
            )
        _task_unassign(task)
        return task


@_audited("task_reclaim")
def task_reclaim(*, task: WorkflowTask, by) -> WorkflowTask:
    """Put back in the agency queue a task whose owner no longer holds its role (left the
    agency, lost the role, deactivated), so that the agency can take and finish it.

    A current head or deputy of the task's agency may do it (Office staff for the Office's
    steps); while the owner still holds the role, only the owner releases (:func:`task_release`).
    """
    with _process_locked(task.flow_task.flow_class, task.process_id):
        task = WorkflowTask.objects.select_related("agency", "owner").get(pk=task.pk)
        permissions.require_task_reclaimer(user=by, task=task)
        permissions.require_task_open(task=task)
        step = task.flow_task.task_title
        if task.owner_id is None:
            raise StateConflict(_("Bước “%(step)s” đã ở hàng đợi.") % {"step": step})
        if not permissions.user_can_reclaim(user=by, task=task):
            raise StateConflict(_("Không thể trả bước “%(step)s” về hàng đợi.") % {"step": step})
        _task_unassign(task)
        return task


def _task_unassign(task: WorkflowTask) -> None:
    """Back to the agency queue; reminders go to whoever may now take it."""
    task.assigned = None
    task.flow_task.activation_class(task).unassign()
    if task.due_date is not None:
        signals.task_deadline_changed.send(sender=WorkflowTask, task=task, due=task.due_date)


# --- the steps ----------------------------------------------------------------------------


@_audited("task_accept")
def task_accept(
    *, task: WorkflowTask, by, officer, plan: str, meeting_required: bool = False
) -> DirectiveProcess:
    """Lead head accepts the directive, picks the responsible officer, writes the plan."""
    with _task_step(task=task, by=by, node=_flows().DirectiveFlow.accept) as activation:
        process = activation.process
        plan = _require_text(plan, _("Cần nêu kế hoạch thực hiện."))
        process.officer = _require_officer(officer=officer, agency=process.lead)
        process.plan = plan
        process.meeting_required = bool(meeting_required)
        process.save(update_fields=["officer", "plan", "meeting_required"])
        _audit(
            EventType.OFFICER_ASSIGNED,
            by=by,
            process=process,
            after={"officer": officer.get_username(), "agency": process.lead.code},
        )
    return process


@_audited("task_coordination_assign")
def task_coordination_assign(*, task: WorkflowTask, by, officer) -> Contribution:
    """A coordinating agency's head chooses the officer who writes the agency's contribution."""
    with _task_step(task=task, by=by, node=_flows().DirectiveFlow.coordinate_assign) as activation:
        agency = activation.task.agency
        _require_officer(officer=officer, agency=agency)
        contribution, _created = Contribution.objects.update_or_create(
            process=activation.process,
            agency=agency,
            defaults={"officer": officer, "assigned_by": by},
        )
        _audit(
            EventType.OFFICER_ASSIGNED,
            by=by,
            process=activation.process,
            obj=contribution,
            after={"officer": officer.get_username(), "agency": agency.code},
        )
    return contribution


@_audited("task_contribution_submit")
def task_contribution_submit(*, task: WorkflowTask, by, text: str, files=()) -> Contribution:
    """The coordinating officer submits the agency's contribution."""
    with _task_step(task=task, by=by, node=_flows().DirectiveFlow.coordinate) as activation:
        text = _require_text(text, _("Cần nhập nội dung ý kiến phối hợp."))
        files = _validate_files(files)
        contribution, _created = Contribution.objects.get_or_create(
            process=activation.process,
            agency=activation.task.agency,
            defaults={"officer": by},
        )
        contribution.text = text
        contribution.submitted_by = by
        contribution.submitted_at = timezone.now()
        contribution.save(update_fields=["text", "submitted_by", "submitted_at"])
        _attachments_save(files=files, by=by, contribution=contribution)
    return contribution


@_audited("task_meeting_record")
def task_meeting_record(
    *,
    task: WorkflowTask,
    by,
    held_on: datetime.date,
    place: str,
    minutes: str,
    agencies: Iterable = (),
    other_participants: str = "",
    files=(),
) -> Meeting:
    """The lead officer records the joint meeting: date, place, participants, minutes, files."""
    with _task_step(task=task, by=by, node=_flows().DirectiveFlow.meeting) as activation:
        if held_on is None:
            raise InvalidInput(_("Cần nhập ngày họp."))
        place = _require_text(place, _("Cần nhập địa điểm họp."))
        minutes = _require_text(minutes, _("Cần nhập biên bản họp."))
        files = _validate_files(files)
        meeting, _created = Meeting.objects.update_or_create(
            process=activation.process,
            defaults={
                "held_on": held_on,
                "place": place,
                "minutes": minutes,
                "other_participants": _text(other_participants),
                "recorded_by": by,
            },
        )
        meeting.agencies.set(list(agencies or []))
        _attachments_save(files=files, by=by, meeting=meeting)
    return meeting


@_audited("task_report_submit")
def task_report_submit(*, task: WorkflowTask, by, text: str, files=()) -> Report:
    """The lead officer reports the result (for the current period of a recurring one)."""
    with _task_step(task=task, by=by, node=_flows().DirectiveFlow.report) as activation:
        text = _require_text(text, _("Cần nhập kết quả thực hiện."))
        files = _validate_files(files)
        process = activation.process
        report = Report.objects.create(
            process=process,
            period=selectors.process_current_period(process=process),
            text=text,
            submitted_by=by,
        )
        _attachments_save(files=files, by=by, report=report)
    return report


def _review(*, process, stage, by, accepted, reason, closes_process=False) -> Review:
    report = selectors.process_latest_report(process=process)
    if report is None:
        raise StateConflict(_("Chưa có báo cáo để xem xét."))
    reason = _text(reason)
    if not accepted and not reason:
        raise InvalidInput(_("Cần nêu lý do trả lại."))
    review = Review.objects.create(
        report=report,
        stage=stage,
        decision=ReviewDecision.ACCEPTED if accepted else ReviewDecision.RETURNED,
        reason=reason,
        closes_process=bool(accepted and closes_process),
        decided_by=by,
    )
    if not accepted:
        _audit(
            EventType.STEP_RETURNED,
            by=by,
            process=process,
            obj=review,
            after={"stage": stage, "decision": review.decision},
            reason=reason,
        )
    return review


@_audited("task_approve")
def task_approve(*, task: WorkflowTask, by, approved: bool, reason: str = "") -> Review:
    """Lead head approves the report (→ Office) or returns it to the officer with a reason."""
    with _task_step(task=task, by=by, node=_flows().DirectiveFlow.approve) as activation:
        review = _review(
            process=activation.process,
            stage=ReviewStage.APPROVE,
            by=by,
            accepted=approved,
            reason=reason,
        )
    return review


@_audited("task_verify")
def task_verify(
    *, task: WorkflowTask, by, accepted: bool, reason: str = "", close: bool = True
) -> Review:
    """The Office accepts the result or returns it with a reason.

    Accepting closes the process; for a recurring assignment ``close=False`` accepts this
    period and opens the next one (the process stays open until the Office closes it).
    """
    with _task_step(task=task, by=by, node=_flows().DirectiveFlow.verify) as activation:
        process = activation.process
        review = _review(
            process=process,
            stage=ReviewStage.VERIFY,
            by=by,
            accepted=accepted,
            reason=reason,
            closes_process=close or not process.recurrence,
        )
    return review


# --- flow function nodes ------------------------------------------------------------------


def period_open_next(*, process: DirectiveProcess) -> Period:
    """Close the current period of a recurring process and open the next one."""
    current = selectors.process_current_period(process=process)
    now = timezone.now()
    previous_due = current.due_date if current else (process.due_date or timezone.localdate())
    if current is not None:
        current.closed_at = now
        current.save(update_fields=["closed_at"])
    period = Period.objects.create(
        process=process,
        number=(current.number + 1) if current else 1,
        due_date=next_period_due(recurrence=process.recurrence, previous_due=previous_due),
    )
    process.due_date = period.due_date
    process.save(update_fields=["due_date"])
    return period


def process_complete(*, process: DirectiveProcess) -> DirectiveProcess:
    """The Office accepted and closed: record the outcome and update the directive state."""
    review = selectors.report_latest_review(
        report=selectors.process_latest_report(process=process), stage=ReviewStage.VERIFY
    )
    now = timezone.now()
    process.outcome = Outcome.COMPLETED
    process.closed_at = now
    process.closed_by = review.decided_by if review else None
    process.save(update_fields=["outcome", "closed_at", "closed_by"])
    _audit(
        EventType.PROCESS_COMPLETED,
        by=process.closed_by,
        process=process,
        before={"outcome": str(Outcome.OPEN.label)},
        after={"outcome": str(Outcome.COMPLETED.label)},
    )
    process.periods.filter(closed_at__isnull=True).update(closed_at=now)
    _extensions_withdraw(process=process)
    _directive_state_refresh(directive=process.directive)
    return process


# --- side paths ---------------------------------------------------------------------------


def _process_reload(process) -> DirectiveProcess:
    return DirectiveProcess.objects.select_related("lead", "directive", "assignment").get(
        pk=process.pk
    )


def _require_open(process) -> None:
    if process.outcome != Outcome.OPEN:
        raise StateConflict(
            _("Nhiệm vụ đã kết thúc (%(outcome)s).")
            % {"outcome": process.get_outcome_display().lower()}
        )


@_audited("extension_request")
def extension_request(
    *, process: DirectiveProcess, by, due_date: datetime.date, reason: str
) -> ExtensionProcess:
    """The lead head asks the Office for a new deadline, with a reason."""
    flows = _flows()
    with _process_locked(flows.DirectiveFlow, process.pk):
        process = _process_reload(process)
        if not user_is_head(user=by, agency=process.lead):
            raise PermissionRefused(
                _("Chỉ lãnh đạo %(agency)s được đề nghị gia hạn nhiệm vụ này.")
                % {"agency": process.lead}
            )
        _require_open(process)
        if process.due_date is None:
            raise InvalidInput(_("Nhiệm vụ này không có hạn nên không cần gia hạn."))
        if selectors.process_pending_extension(process=process) is not None:
            raise StateConflict(_("Đã có một đề nghị gia hạn đang chờ Văn phòng Tỉnh ủy xem xét."))
        reason = _require_text(reason, _("Cần nêu lý do đề nghị gia hạn."))
        if due_date is None or due_date <= process.due_date:
            raise InvalidInput(
                _("Hạn đề nghị phải sau hạn hiện hành (%(due)s).")
                % {"due": f"{process.due_date:%d/%m/%Y}"}
            )
        extension = flows.ExtensionFlow.start.run(
            directive_process=process, by=by, due_date=due_date, reason=reason
        )
        _audit(
            EventType.EXTENSION_REQUESTED,
            by=by,
            process=process,
            obj=extension,
            before={"due_date": process.due_date},
            after={"due_date": due_date},
            reason=reason,
        )
        return extension


def extension_initialize(
    *, process: ExtensionProcess, directive_process: DirectiveProcess, by, due_date, reason
) -> ExtensionProcess:
    """Fill the new extension process (flow start handler; not saved yet)."""
    process.directive_process = directive_process
    process.requested_by = by
    process.previous_due_date = directive_process.due_date
    process.proposed_due_date = due_date
    process.reason = reason
    return process


@_audited("task_extension_decide")
def task_extension_decide(
    *, task: WorkflowTask, by, approved: bool, reason: str = ""
) -> ExtensionProcess:
    """The Office approves (the deadline and reminders move) or rejects an extension request."""
    flows = _flows()
    extension = ExtensionProcess.objects.get(pk=task.process_id)
    # lock order everywhere: directive process first, then its extension
    with (
        _process_locked(flows.DirectiveFlow, extension.directive_process_id),
        _task_step(task=task, by=by, node=flows.ExtensionFlow.decide) as activation,
    ):
        extension = activation.process
        reason = _text(reason)
        if not approved and not reason:
            raise InvalidInput(_("Cần nêu lý do không đồng ý gia hạn."))
        directive_process = _process_reload(extension.directive_process)
        _require_open(directive_process)
        extension.decision = ExtensionDecision.APPROVED if approved else ExtensionDecision.REJECTED
        extension.decision_reason = reason
        extension.decided_by = by
        extension.decided_at = timezone.now()
        extension.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
        _audit(
            EventType.EXTENSION_DECIDED,
            by=by,
            process=directive_process,
            obj=extension,
            before={"due_date": extension.previous_due_date},
            after={
                "decision": str(extension.get_decision_display()),
                "due_date": extension.proposed_due_date,
            },
            reason=reason,
        )
        if approved:
            _process_deadline_move(
                process=directive_process, due=extension.proposed_due_date, by=by
            )
    return extension


def _process_deadline_move(*, process: DirectiveProcess, due: datetime.date, by) -> None:
    _audit(
        EventType.DEADLINE_CHANGED,
        by=by,
        process=process,
        before={"due_date": process.due_date},
        after={"due_date": due},
    )
    process.due_date = due
    process.save(update_fields=["due_date"])
    period = selectors.process_current_period(process=process)
    if period is not None and period.closed_at is None:
        period.due_date = due
        period.save(update_fields=["due_date"])
    for task in selectors.process_open_human_tasks(process=process).filter(due_date__isnull=False):
        task.due_date = due
        task.save(update_fields=["due_date"])
        signals.task_deadline_changed.send(sender=WorkflowTask, task=task, due=due)


def _extensions_withdraw(*, process: DirectiveProcess) -> None:
    """Cancel pending extension requests of a process that ended."""
    flows = _flows()
    for extension in process.extensions.filter(decision=ExtensionDecision.PENDING):
        ended = list(selectors.process_open_human_tasks(process=extension))
        flows.ExtensionFlow.instance.cancel(extension)
        ExtensionProcess.objects.filter(pk=extension.pk).update(
            decision=ExtensionDecision.WITHDRAWN
        )
        for task in ended:
            _task_ended(task)


@_audited("process_officer_reassign")
def process_officer_reassign(
    *, process: DirectiveProcess, by, officer, agency=None
) -> DirectiveProcess:
    """A head gives the agency's part of the process to another officer.

    ``agency`` is the lead (default: the process's responsible officer changes) or a
    coordinating agency (its contribution officer changes). Open officer tasks move with it.
    """
    flows = _flows()
    with _process_locked(flows.DirectiveFlow, process.pk):
        process = _process_reload(process)
        agency = agency or process.lead
        is_lead = agency.pk == process.lead_id
        if not is_lead and not process.assignment.coordinators.filter(pk=agency.pk).exists():
            raise InvalidInput(_("%(agency)s không tham gia nhiệm vụ này.") % {"agency": agency})
        if not user_is_head(user=by, agency=agency):
            raise PermissionRefused(
                _("Chỉ lãnh đạo %(agency)s được đổi chuyên viên phụ trách.") % {"agency": agency}
            )
        _require_open(process)
        _require_officer(officer=officer, agency=agency)
        if is_lead:
            process.officer = officer
            process.save(update_fields=["officer"])
        else:
            contribution = selectors.contribution_for(process=process, agency=agency)
            if contribution is None:
                raise StateConflict(
                    _("%(agency)s chưa phân công chuyên viên phối hợp.") % {"agency": agency}
                )
            contribution.officer = officer
            contribution.save(update_fields=["officer"])
        for task in selectors.process_open_human_tasks(process=process).filter(
            agency=agency, actor_role=ActorRole.OFFICER
        ):
            activation = task.flow_task.activation_class(task)
            task.assigned = timezone.now()
            if task.status == STATUS.ASSIGNED:
                activation.reassign(user=officer)
            elif task.status == STATUS.NEW:
                activation.assign(officer)
            if task.due_date is not None:  # reminders follow the new officer
                signals.task_deadline_changed.send(
                    sender=WorkflowTask, task=task, due=task.due_date
                )
        _audit(
            EventType.OFFICER_ASSIGNED,
            by=by,
            process=process,
            after={"officer": officer.get_username(), "agency": agency.code},
        )
    return process


@_audited("process_cancel")
def process_cancel(*, process: DirectiveProcess, by, reason: str) -> DirectiveProcess:
    """The Office cancels the process, with a reason; its open tasks end."""
    flows = _flows()
    with _process_locked(flows.DirectiveFlow, process.pk):
        process = _process_reload(process)
        if not user_is_office(user=by):
            raise PermissionRefused(_("Chỉ Văn phòng Tỉnh ủy được hủy nhiệm vụ."))
        _require_open(process)
        reason = _require_text(reason, _("Cần nêu lý do hủy."))
        _extensions_withdraw(process=process)
        ended = list(selectors.process_open_human_tasks(process=process))
        try:
            flows.DirectiveFlow.instance.cancel(process)
        except FlowRuntimeError as exc:
            raise _busy_error() from exc
        process.outcome = Outcome.CANCELLED
        process.outcome_reason = reason
        process.closed_by = by
        process.closed_at = timezone.now()
        process.save(update_fields=["outcome", "outcome_reason", "closed_by", "closed_at"])
        _audit(
            EventType.PROCESS_CANCELLED,
            by=by,
            process=process,
            before={"outcome": str(Outcome.OPEN.label)},
            after={"outcome": str(Outcome.CANCELLED.label)},
            reason=reason,
        )
        for task in ended:
            _task_ended(task)
        _directive_state_refresh(directive=process.directive)
    return process
