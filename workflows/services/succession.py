"""An agency retires (merged or dissolved): its open work moves to its successor in one step.

In one transaction: the registry marks the agency retired (groups, drafts and, if asked,
memberships pass to the successor); every open process it leads gets the successor as lead;
every open process it coordinates names the successor instead; every open human task of its
queue or its people moves to the successor. A task whose owner holds no matching role in the
successor goes back to the successor's queue. Reminders follow through the workflow's signals
(``task_reassigned``, ``task_deadline_changed``): the successor's people get them, the pending
ones of the retired agency's people are dropped. Each moved process and the retirement itself
are audited; closed processes keep their history as it was.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from audit.models import EventType
from audit.services import audit_record, refusals_audited, target_of
from project.exceptions import PermissionRefused
from tasks_app.models import Agency
from tasks_app.permissions import require_registry_editor
from tasks_app.selectors import UserLike, user_display_name
from tasks_app.services import agency_mark_retired

from .. import permissions, signals
from ..models import (
    ActorRole,
    Contribution,
    DirectiveProcess,
    Outcome,
    WorkflowTask,
)
from ..selectors import OPEN_TASK_STATUSES
from .common import audit, process_locked


@dataclass
class SuccessionResult:
    agency: Agency
    successor: Agency
    processes_led: list[int] = field(default_factory=list)
    processes_coordinated: list[int] = field(default_factory=list)
    tasks: int = 0
    tasks_back_to_queue: int = 0
    draft_assignments: int = 0
    groups: list[str] = field(default_factory=list)
    members: int = 0


def _officer_of(user, agency: Agency):
    """``user`` if they are an officer of ``agency``, else None (the successor picks again)."""
    if user is None:
        return None
    holds = permissions.user_holds_role(user=user, agency=agency, role=ActorRole.OFFICER)
    return user if holds else None


def _move_lead(*, process: DirectiveProcess, successor: Agency, by: UserLike) -> None:
    agency = process.lead
    officer = process.officer
    process.lead = successor
    process.officer = _officer_of(officer, successor)
    process.save(update_fields=["lead", "officer"])
    coordinators = process.assignment.coordinators
    if coordinators.filter(pk=successor.pk).exists():  # the lead does not coordinate itself
        coordinators.remove(successor)
    audit(
        EventType.WORK_TRANSFERRED,
        by=by,
        process=process,
        before={"lead": agency.name, "officer": user_display_name(officer) or None},
        after={
            "lead": successor.name,
            "officer": user_display_name(process.officer) or None,
        },
        reason=_reason(agency, successor),
    )


def _move_coordination(
    *, process: DirectiveProcess, agency: Agency, successor: Agency, by: UserLike
) -> None:
    coordinators = process.assignment.coordinators
    before = sorted(a.name for a in coordinators.all())
    coordinators.remove(agency)
    if successor.pk != process.lead_id:
        coordinators.add(successor)
    contribution = Contribution.objects.filter(
        process=process, agency=agency, submitted_at__isnull=True
    ).first()
    if contribution is not None:
        if Contribution.objects.filter(process=process, agency=successor).exists():
            contribution.delete()  # the successor already has its own contribution row
        else:
            contribution.agency = successor
            contribution.officer = _officer_of(contribution.officer, successor)
            contribution.save(update_fields=["agency", "officer"])
    audit(
        EventType.WORK_TRANSFERRED,
        by=by,
        process=process,
        before={"coordinators": before},
        after={"coordinators": sorted(a.name for a in coordinators.all())},
        reason=_reason(agency, successor),
    )


def _reason(agency: Agency, successor: Agency) -> str:
    return _("%(agency)s thôi hoạt động; %(successor)s kế thừa.") % {
        "agency": agency.name,
        "successor": successor.name,
    }


def _move_task(*, task: WorkflowTask, successor: Agency) -> bool:
    """Scope an open task to the successor; True when it went back to the queue."""
    previous_owner = task.owner
    task.agency = successor
    task.owner_permission_obj = successor
    if isinstance(task.data, dict) and task.data.get("agency_id") not in (None, successor.pk):
        task.data = {**task.data, "agency_id": successor.pk}
    back_to_queue = (
        previous_owner is not None
        and task.status == STATUS.ASSIGNED
        and not permissions.user_holds_role(
            user=previous_owner, agency=successor, role=task.actor_role
        )
    )
    if back_to_queue:
        task.owner = None
        task.status = STATUS.NEW
        task.assigned = None
    task.save()
    if previous_owner is None or task.owner_id != previous_owner.pk:
        # In the successor's queue now (or back in it): whoever may take it is someone else.
        signals.task_reassigned.send(sender=WorkflowTask, task=task, previous_owner=previous_owner)
    if task.due_date is not None:  # reminders go to the successor's people now
        signals.task_deadline_changed.send(sender=WorkflowTask, task=task, due=task.due_date)
    return back_to_queue


@refusals_audited("agency_retire", PermissionRefused)
@transaction.atomic
def agency_retire(
    *,
    agency: Agency,
    successor: Agency,
    by: UserLike,
    move_members: bool = False,
    on_date: datetime.date | None = None,
) -> SuccessionResult:
    """Retire ``agency`` and move its open processes, queue tasks and reminders to
    ``successor``, in one audited step (the Office only)."""
    require_registry_editor(user=by)
    on_date = on_date or timezone.localdate()
    drafts = agency_mark_retired(
        agency=agency, successor=successor, by=by, on_date=on_date, move_members=move_members
    )
    agency.refresh_from_db()
    successor.refresh_from_db()
    result = SuccessionResult(
        agency=agency,
        successor=successor,
        draft_assignments=drafts.draft_assignments,
        groups=drafts.groups,
        members=drafts.members,
    )
    open_processes = DirectiveProcess.objects.filter(outcome=Outcome.OPEN)
    for pk in open_processes.filter(lead=agency).order_by("pk").values_list("pk", flat=True):
        with process_locked(DirectiveProcess, pk):
            process = DirectiveProcess.objects.select_related("lead", "assignment").get(pk=pk)
            _move_lead(process=process, successor=successor, by=by)
            result.processes_led.append(pk)
    coordinated = open_processes.filter(assignment__coordinators=agency).order_by("pk")
    for pk in coordinated.values_list("pk", flat=True):
        with process_locked(DirectiveProcess, pk):
            process = DirectiveProcess.objects.select_related("lead", "assignment").get(pk=pk)
            _move_coordination(process=process, agency=agency, successor=successor, by=by)
            result.processes_coordinated.append(pk)
    tasks = WorkflowTask.objects.filter(
        agency=agency, status__in=OPEN_TASK_STATUSES, flow_task_type="HUMAN"
    ).select_related("owner")
    for task in tasks.order_by("pk"):
        result.tasks += 1
        result.tasks_back_to_queue += _move_task(task=task, successor=successor)
    audit_record(
        event_type=EventType.AGENCY_RETIRED,
        actor=by,
        target=target_of(agency),
        before={"is_active": True},
        after={
            "is_active": False,
            "successor": successor.name,
            "retired_on": on_date.isoformat(),
            "processes_led": len(result.processes_led),
            "processes_coordinated": len(result.processes_coordinated),
            "tasks": result.tasks,
            "tasks_back_to_queue": result.tasks_back_to_queue,
            "draft_assignments": result.draft_assignments,
            "groups": result.groups,
            "members": result.members,
        },
        reason=_reason(agency, successor),
    )
    return result
