"""Publishing a notice: one DirectiveFlow process per assignment."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import EventType
from audit.services import refusals_audited
from project.exceptions import InvalidInput, PermissionRefused, StateConflict
from tasks_app.models import Assignment, Notice
from tasks_app.selectors import UserLike
from tasks_app.services import notice_mark_published

from .. import permissions, selectors, signals
from ..deadlines import assignment_first_due
from ..models import DirectiveProcess, Period, WorkflowTask, flow_of
from .common import audit, audited


@refusals_audited("notice.publish", PermissionRefused)
@transaction.atomic
def notice_publish(
    *, notice: Notice, by: UserLike, today: datetime.date | None = None
) -> list[Assignment]:
    """Publish a reviewed draft: expand group leads and start one process per assignment."""
    permissions.require_publish(user=by)
    assignments = notice_mark_published(notice=notice, by=by, today=today)
    assignment_processes_start(assignments=assignments, by=by)
    return assignments


@audited("assignment_processes_start")
def assignment_processes_start(
    *, assignments: Sequence[Assignment], by: UserLike
) -> list[DirectiveProcess]:
    """Start one DirectiveFlow process per assignment (called by publishing, in its transaction).

    Each assignment must name a concrete lead agency (group leads already expanded). Only the
    Office may start processes; ``by=None`` is the operator running a management command.
    """
    permissions.require_publish(user=by)
    flow_class = flow_of(DirectiveProcess)
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
            process = flow_class.start.run(assignment=assignment, by=by)
            if process.recurrence and process.due_date is not None:
                Period.objects.create(process=process, number=1, due_date=process.due_date)
            audit(
                EventType.PROCESS_STARTED,
                by=by,
                process=process,
                after={
                    "lead": process.lead.code,
                    "due_date": process.due_date,
                    "recurrence": process.recurrence or None,
                },
            )
            signals.process_started.send(sender=DirectiveProcess, process=process, by=by)
            processes.append(process)
    return processes


def process_initialize(
    *, process: DirectiveProcess, assignment: Assignment, by: UserLike
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
    """A human task was just created (node hook): announce it, and its deadline if it has one."""
    signals.task_created.send(sender=WorkflowTask, task=task)
    if task.due_date is not None:
        signals.task_deadline_changed.send(sender=WorkflowTask, task=task, due=task.due_date)
