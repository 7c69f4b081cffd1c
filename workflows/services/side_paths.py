"""Side paths of a directive process: extension request and decision, officer reassignment,
cancellation."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.status import STATUS

from audit.models import EventType
from project.dates import require_date_in_range
from project.exceptions import ConcurrencyConflict, InvalidInput, StateConflict
from tasks_app.models import Agency
from tasks_app.selectors import UserLike

from .. import permissions, selectors, signals
from ..models import (
    ActorRole,
    DirectiveProcess,
    ExtensionDecision,
    ExtensionProcess,
    Outcome,
    WorkflowTask,
    flow_of,
)
from .common import (
    audit,
    audited,
    clean_text,
    directive_state_refresh,
    process_locked,
    require_officer,
    require_text,
    task_ended,
    task_step,
)


def _process_reload(process: DirectiveProcess) -> DirectiveProcess:
    return DirectiveProcess.objects.select_related("lead", "directive", "assignment").get(
        pk=process.pk
    )


#: How far a deadline may move in one extension (from the current deadline, or from today when
#: that has passed).
EXTENSION_HORIZON = datetime.timedelta(days=2 * 366)


def _require_new_due(
    due_date: datetime.date | None,
    *,
    current: datetime.date,
    label: str,
    reference: datetime.date,
) -> datetime.date:
    """A new deadline must be after the current one, within the horizon, and within the dates
    allowed for the notice (``reference``: its date)."""
    today = timezone.localdate()
    if due_date is None or due_date <= current:
        raise InvalidInput(
            _("%(label)s phải sau hạn xử lý hiện nay (%(due)s).")
            % {"label": label, "due": f"{current:%d/%m/%Y}"},
            fields={"due_date": _("Chọn ngày sau %(due)s.") % {"due": f"{current:%d/%m/%Y}"}},
        )
    limit = max(current, today) + EXTENSION_HORIZON
    if due_date > limit:
        raise InvalidInput(
            _("%(label)s quá xa: chọn ngày trước %(limit)s.")
            % {"label": label, "limit": f"{limit:%d/%m/%Y}"},
            fields={"due_date": _("Chọn ngày trước %(limit)s.") % {"limit": f"{limit:%d/%m/%Y}"}},
        )
    require_date_in_range(due_date, reference=reference, label=label, field="due_date")
    return due_date


def _require_open(process: DirectiveProcess) -> None:
    if process.outcome != Outcome.OPEN:
        raise StateConflict(
            _("Nhiệm vụ đã kết thúc (%(outcome)s).")
            % {"outcome": process.get_outcome_display().lower()}
        )


@audited("extension_request")
def extension_request(
    *, process: DirectiveProcess, by: UserLike, due_date: datetime.date, reason: str
) -> ExtensionProcess:
    """The lead head asks the Office for a new deadline, with a reason."""
    with process_locked(DirectiveProcess, process.pk):
        process = _process_reload(process)
        permissions.require_extension_request(user=by, process=process)
        _require_open(process)
        if process.due_date is None:
            raise InvalidInput(_("Nhiệm vụ này không có hạn nên không cần gia hạn."))
        if selectors.process_pending_extension(process=process) is not None:
            raise StateConflict(_("Đã có một đề nghị gia hạn đang chờ Văn phòng Tỉnh ủy xem xét."))
        reason = require_text(reason, _("Cần nêu lý do đề nghị gia hạn."))
        _require_new_due(
            due_date,
            current=process.due_date,
            label=_("Hạn đề nghị"),
            reference=process.directive.notice.date,
        )
        extension = flow_of(ExtensionProcess).start.run(
            directive_process=process, by=by, due_date=due_date, reason=reason
        )
        audit(
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
    *,
    process: ExtensionProcess,
    directive_process: DirectiveProcess,
    by: UserLike,
    due_date: datetime.date,
    reason: str,
) -> ExtensionProcess:
    """Fill the new extension process (flow start handler; not saved yet)."""
    process.directive_process = directive_process
    process.requested_by = by
    process.previous_due_date = directive_process.due_date
    process.proposed_due_date = due_date
    process.reason = reason
    return process


@audited("task_extension_decide")
def task_extension_decide(
    *,
    task: WorkflowTask,
    by: UserLike,
    approved: bool,
    reason: str = "",
    due_date: datetime.date | None = None,
) -> ExtensionProcess:
    """The Office approves (the deadline and reminders move) or rejects an extension request.

    Approving grants the proposed date, or ``due_date`` when the Office sets another one; a
    date other than the proposed one needs a reason, as does a refusal.
    """
    extension = ExtensionProcess.objects.get(pk=task.process_id)
    # lock order everywhere: directive process first, then its extension
    with (
        process_locked(DirectiveProcess, extension.directive_process_id),
        task_step(task=task, by=by, process_class=ExtensionProcess, step="decide") as activation,
    ):
        extension = activation.process
        reason = clean_text(reason)
        if not approved and not reason:
            raise InvalidInput(
                _("Cần nêu lý do không đồng ý gia hạn."),
                fields={"reason": _("Cần nêu lý do không đồng ý gia hạn.")},
            )
        directive_process = _process_reload(extension.directive_process)
        _require_open(directive_process)
        granted = None
        notice_date = directive_process.directive.notice.date
        if approved:
            granted = due_date or extension.proposed_due_date
            if granted != extension.proposed_due_date:
                _require_new_due(
                    granted,
                    current=directive_process.due_date or extension.previous_due_date,
                    label=_("Hạn gia hạn"),
                    reference=notice_date,
                )
                if not reason:
                    raise InvalidInput(
                        _("Cần nêu lý do khi gia hạn đến ngày khác ngày đề nghị."),
                        fields={"reason": _("Cần nêu lý do chọn ngày khác ngày đề nghị.")},
                    )
            else:  # a request stored before dates were bounded cannot move the deadline
                require_date_in_range(granted, reference=notice_date, label=_("Hạn đề nghị"))
        extension.decision = ExtensionDecision.APPROVED if approved else ExtensionDecision.REJECTED
        extension.decision_reason = reason
        extension.granted_due_date = granted
        extension.decided_by = by
        extension.decided_at = timezone.now()
        extension.save(
            update_fields=[
                "decision",
                "decision_reason",
                "granted_due_date",
                "decided_by",
                "decided_at",
            ]
        )
        audit(
            EventType.EXTENSION_DECIDED,
            by=by,
            process=directive_process,
            obj=extension,
            before={"due_date": extension.previous_due_date},
            after={
                "decision": str(extension.get_decision_display()),
                "due_date": granted or extension.proposed_due_date,
                "proposed_due_date": extension.proposed_due_date,
            },
            reason=reason,
        )
        if approved:
            _process_deadline_move(process=directive_process, due=granted, by=by)
    return extension


def _process_deadline_move(*, process: DirectiveProcess, due: datetime.date, by: UserLike) -> None:
    audit(
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


def extensions_withdraw(*, process: DirectiveProcess) -> None:
    """Cancel pending extension requests of a process that ended."""
    for extension in process.extensions.filter(decision=ExtensionDecision.PENDING):
        ended = list(selectors.process_open_human_tasks(process=extension))
        extension.flow_class.instance.cancel(extension)
        ExtensionProcess.objects.filter(pk=extension.pk).update(
            decision=ExtensionDecision.WITHDRAWN
        )
        for task in ended:
            task_ended(task)


@audited("process_officer_reassign")
def process_officer_reassign(
    *, process: DirectiveProcess, by: UserLike, officer: UserLike, agency: Agency | None = None
) -> DirectiveProcess:
    """A head gives the agency's part of the process to another officer.

    ``agency`` is the lead (default: the process's responsible officer changes) or a
    coordinating agency (its contribution officer changes). Open officer tasks move with it.
    """
    with process_locked(DirectiveProcess, process.pk):
        process = _process_reload(process)
        agency = agency or process.lead
        is_lead = agency.pk == process.lead_id
        if not is_lead and not process.assignment.coordinators.filter(pk=agency.pk).exists():
            raise InvalidInput(_("%(agency)s không tham gia nhiệm vụ này.") % {"agency": agency})
        permissions.require_reassign(user=by, agency=agency)
        _require_open(process)
        require_officer(officer=officer, agency=agency)
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
            previous_owner = task.owner
            task.assigned = timezone.now()
            if task.status == STATUS.ASSIGNED:
                activation.reassign(user=officer)
            elif task.status == STATUS.NEW:
                activation.assign(officer)
            if previous_owner != officer:
                signals.task_reassigned.send(
                    sender=WorkflowTask, task=task, previous_owner=previous_owner
                )
            if task.due_date is not None:  # reminders follow the new officer
                signals.task_deadline_changed.send(
                    sender=WorkflowTask, task=task, due=task.due_date
                )
        audit(
            EventType.OFFICER_ASSIGNED,
            by=by,
            process=process,
            after={"officer": officer.get_username(), "agency": agency.code},
        )
    return process


@audited("process_cancel")
def process_cancel(*, process: DirectiveProcess, by: UserLike, reason: str) -> DirectiveProcess:
    """The Office cancels the process, with a reason; its open tasks end."""
    with process_locked(DirectiveProcess, process.pk):
        process = _process_reload(process)
        permissions.require_cancel(user=by)
        _require_open(process)
        reason = require_text(reason, _("Cần nêu lý do hủy."))
        extensions_withdraw(process=process)
        ended = list(selectors.process_open_human_tasks(process=process))
        try:
            process.flow_class.instance.cancel(process)
        except FlowRuntimeError as exc:
            raise ConcurrencyConflict() from exc
        process.outcome = Outcome.CANCELLED
        process.outcome_reason = reason
        process.closed_by = by
        process.closed_at = timezone.now()
        process.save(update_fields=["outcome", "outcome_reason", "closed_by", "closed_at"])
        audit(
            EventType.PROCESS_CANCELLED,
            by=by,
            process=process,
            before={"outcome": str(Outcome.OPEN.label)},
            after={"outcome": str(Outcome.CANCELLED.label)},
            reason=reason,
        )
        for task in ended:
            task_ended(task)
        directive_state_refresh(directive=process.directive)
        signals.process_closed.send(sender=DirectiveProcess, process=process, by=by)
    return process
