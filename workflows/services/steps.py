"""The human steps of a directive (accept … verify) and the flow's function nodes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import EventType
from project.dates import require_date_in_range
from project.exceptions import InvalidInput, StateConflict
from tasks_app.selectors import UserLike

from .. import selectors, signals
from ..deadlines import next_period_due
from ..models import (
    Attachment,
    Contribution,
    DirectiveProcess,
    Meeting,
    Outcome,
    Period,
    Report,
    Review,
    ReviewDecision,
    ReviewStage,
    WorkflowTask,
)
from .common import (
    attachments_save,
    audit,
    audited,
    clean_text,
    directive_state_refresh,
    require_officer,
    require_submission,
    require_text,
    task_step,
)
from .side_paths import extensions_withdraw


@audited("task_accept")
def task_accept(
    *,
    task: WorkflowTask,
    by: UserLike,
    officer: UserLike,
    plan: str,
    meeting_required: bool = False,
) -> DirectiveProcess:
    """Lead head accepts the directive, picks the responsible officer, writes the plan."""
    with task_step(task=task, by=by, process_class=DirectiveProcess, step="accept") as activation:
        process = activation.process
        plan = require_text(plan, _("Cần nêu kế hoạch thực hiện."))
        process.officer = require_officer(officer=officer, agency=process.lead)
        process.plan = plan
        process.meeting_required = bool(meeting_required)
        process.save(update_fields=["officer", "plan", "meeting_required"])
        audit(
            EventType.OFFICER_ASSIGNED,
            by=by,
            process=process,
            after={"officer": officer.get_username(), "agency": process.lead.code},
        )
    return process


@audited("task_coordination_assign")
def task_coordination_assign(
    *, task: WorkflowTask, by: UserLike, officer: UserLike
) -> Contribution:
    """A coordinating agency's head chooses the officer who writes the agency's contribution."""
    with task_step(
        task=task, by=by, process_class=DirectiveProcess, step="coordinate_assign"
    ) as activation:
        agency = activation.task.agency
        require_officer(officer=officer, agency=agency)
        contribution, _created = Contribution.objects.update_or_create(
            process=activation.process,
            agency=agency,
            defaults={"officer": officer, "assigned_by": by},
        )
        audit(
            EventType.OFFICER_ASSIGNED,
            by=by,
            process=activation.process,
            obj=contribution,
            after={"officer": officer.get_username(), "agency": agency.code},
        )
    return contribution


@audited("task_contribution_submit")
def task_contribution_submit(
    *, task: WorkflowTask, by: UserLike, text: str, files: Iterable = ()
) -> Contribution:
    """The coordinating officer submits the agency's contribution."""
    with task_step(
        task=task, by=by, process_class=DirectiveProcess, step="coordinate"
    ) as activation:
        text, files = require_submission(
            text=text, files=files, missing_text=_("Cần nhập nội dung ý kiến phối hợp.")
        )
        contribution, _created = Contribution.objects.get_or_create(
            process=activation.process,
            agency=activation.task.agency,
            defaults={"officer": by},
        )
        contribution.text = text
        contribution.submitted_by = by
        contribution.submitted_at = timezone.now()
        contribution.save(update_fields=["text", "submitted_by", "submitted_at"])
        attachments_save(files=files, by=by, contribution=contribution)
    return contribution


@audited("task_meeting_record")
def task_meeting_record(
    *,
    task: WorkflowTask,
    by: UserLike,
    held_on: datetime.date,
    place: str,
    minutes: str,
    agencies: Iterable = (),
    other_participants: str = "",
    files: Iterable = (),
) -> Meeting:
    """The lead officer records the joint meeting: date, place, participants, minutes, files."""
    with task_step(task=task, by=by, process_class=DirectiveProcess, step="meeting") as activation:
        if held_on is None:
            raise InvalidInput(_("Cần nhập ngày họp."))
        require_date_in_range(
            held_on,
            reference=activation.process.directive.notice.date,
            label=_("Ngày họp"),
            field="held_on",
        )
        place = require_text(place, _("Cần nhập địa điểm họp."))
        minutes, files = require_submission(
            text=minutes, files=files, missing_text=_("Cần nhập biên bản họp.")
        )
        meeting, _created = Meeting.objects.update_or_create(
            process=activation.process,
            defaults={
                "held_on": held_on,
                "place": place,
                "minutes": minutes,
                "other_participants": clean_text(other_participants),
                "recorded_by": by,
            },
        )
        meeting.agencies.set(list(agencies or []))
        attachments_save(files=files, by=by, meeting=meeting)
    return meeting


@audited("task_report_submit")
def task_report_submit(
    *,
    task: WorkflowTask,
    by: UserLike,
    text: str,
    files: Iterable = (),
    keep_files: Iterable = (),
) -> Report:
    """The lead officer reports the result (for the current period of a recurring one).

    ``keep_files``: attachments of this process's earlier reports carried over to the new one
    (after a return the officer keeps the files that still apply instead of uploading again).
    """
    with task_step(task=task, by=by, process_class=DirectiveProcess, step="report") as activation:
        text, files = require_submission(
            text=text, files=files, missing_text=_("Cần nhập kết quả thực hiện.")
        )
        process = activation.process
        report = Report.objects.create(
            process=process,
            period=selectors.process_current_period(process=process),
            text=text,
            submitted_by=by,
        )
        kept = Attachment.objects.filter(
            pk__in=[getattr(item, "pk", item) for item in keep_files or ()],
            report__process=process,
        )
        for attachment in kept:
            Attachment.objects.create(
                file=attachment.file.name,
                original_name=attachment.original_name,
                size=attachment.size,
                uploaded_by=attachment.uploaded_by,
                report=report,
            )
        attachments_save(files=files, by=by, report=report)
    return report


def _review(
    *,
    process: DirectiveProcess,
    stage: str,
    by: UserLike,
    accepted: bool,
    reason: str,
    closes_process: bool = False,
) -> Review:
    report = selectors.process_latest_report(process=process)
    if report is None:
        raise StateConflict(_("Chưa có báo cáo để xem xét."))
    reason = clean_text(reason)
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
        audit(
            EventType.STEP_RETURNED,
            by=by,
            process=process,
            obj=review,
            after={"stage": stage, "decision": review.decision},
            reason=reason,
        )
    return review


@audited("task_approve")
def task_approve(*, task: WorkflowTask, by: UserLike, approved: bool, reason: str = "") -> Review:
    """Lead head approves the report (→ Office) or returns it to the officer with a reason."""
    with task_step(task=task, by=by, process_class=DirectiveProcess, step="approve") as activation:
        review = _review(
            process=activation.process,
            stage=ReviewStage.APPROVE,
            by=by,
            accepted=approved,
            reason=reason,
        )
    return review


@audited("task_verify")
def task_verify(
    *, task: WorkflowTask, by: UserLike, accepted: bool, reason: str = "", close: bool = True
) -> Review:
    """The Office accepts the result or returns it with a reason.

    Accepting closes the process; for a recurring assignment ``close=False`` accepts this
    period and opens the next one (the process stays open until the Office closes it).
    """
    with task_step(task=task, by=by, process_class=DirectiveProcess, step="verify") as activation:
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
    audit(
        EventType.PROCESS_COMPLETED,
        by=process.closed_by,
        process=process,
        before={"outcome": str(Outcome.OPEN.label)},
        after={"outcome": str(Outcome.COMPLETED.label)},
    )
    process.periods.filter(closed_at__isnull=True).update(closed_at=now)
    extensions_withdraw(process=process)
    directive_state_refresh(directive=process.directive)
    signals.process_closed.send(sender=DirectiveProcess, process=process, by=process.closed_by)
    return process
