"""The agency queue: take a task, put it back, reclaim one whose owner left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from audit.services import audit_refusal
from project.exceptions import ApplicationError, StateConflict
from project.throttle import throttle_allow
from tasks_app.selectors import UserLike

from .. import permissions, selectors, signals
from ..models import WorkflowTask
from .common import audited, process_locked


def _locked_task(task: WorkflowTask):
    """The process lock of ``task``'s flow (reach the flow through the task's node)."""
    return process_locked(task.flow_task.flow_class.process_class, task.process_id)


def _reload(task: WorkflowTask) -> WorkflowTask:
    return WorkflowTask.objects.select_related("agency", "owner").get(pk=task.pk)


@audited("task_claim")
def task_claim(*, task: WorkflowTask, by: UserLike) -> WorkflowTask:
    """Take an unassigned task from the agency queue."""
    with _locked_task(task):
        task = _reload(task)
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


@audited("task_release")
def task_release(*, task: WorkflowTask, by: UserLike) -> WorkflowTask:
    """Put a task the user took back into the agency queue."""
    with _locked_task(task):
        task = _reload(task)
        permissions.require_task_actor(user=by, task=task)
        permissions.require_task_open(task=task)
        if not permissions.user_can_release(user=by, task=task):
            raise StateConflict(
                _("Không thể trả bước “%(step)s” về hàng đợi.")
                % {"step": task.flow_task.task_title}
            )
        _task_unassign(task)
        return task


@audited("task_reclaim")
def task_reclaim(*, task: WorkflowTask, by: UserLike) -> WorkflowTask:
    """Put back in the agency queue a task whose owner no longer holds its role (left the
    agency, lost the role, deactivated), so that the agency can take and finish it.

    A current head or deputy of the task's agency may do it (Office staff for the Office's
    steps); while the owner still holds the role, only the owner releases (:func:`task_release`).
    """
    with _locked_task(task):
        task = _reload(task)
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
    previous_owner = task.owner
    task.assigned = None
    task.flow_task.activation_class(task).unassign()
    signals.task_reassigned.send(sender=WorkflowTask, task=task, previous_owner=previous_owner)
    if task.due_date is not None:
        signals.task_deadline_changed.send(sender=WorkflowTask, task=task, due=task.due_date)


# --- several at once ----------------------------------------------------------------------


@dataclass
class BulkOutcome:
    """What a bulk action did: the tasks it changed, and each task it refused with why."""

    done: list[WorkflowTask] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)

    def refusal_text(self) -> str:
        return "; ".join(f"#{pk} ({why})" for pk, why in self.refused)


def _bulk(
    *,
    action: str,
    scope: QuerySet[WorkflowTask],
    task_ids: list[int] | None,
    by: UserLike,
    service: Callable[..., WorkflowTask],
    outside: str,
) -> BulkOutcome:
    outcome = BulkOutcome()
    chosen = list(scope if task_ids is None else scope.filter(pk__in=task_ids))
    if task_ids is not None:
        found = {task.pk for task in chosen}
        outcome.refused = [(pk, outside) for pk in dict.fromkeys(task_ids) if pk not in found]
    for task in chosen:
        try:
            outcome.done.append(service(task=task, by=by))
        except ApplicationError as exc:
            outcome.refused.append((task.pk, exc.message))
    if outcome.refused and throttle_allow(
        key=f"bulk-refusal:{getattr(by, 'pk', '')}",
        limit=settings.REFUSAL_AUDIT_LIMIT,
        window_seconds=settings.REFUSAL_AUDIT_WINDOW_SECONDS,
    ):
        audit_refusal(actor=by, action=action, reason=outcome.refusal_text()[:1000])
    return outcome


def tasks_claim_bulk(*, task_ids: list[int] | None, by: UserLike) -> BulkOutcome:
    """Take several tasks of the user's queue (``None``: all of it). A listed task that is not
    in the queue (another agency's, taken, missing) is refused, and every refusal is reported
    back and written to the audit log."""
    return _bulk(
        action="task_claim.bulk",
        scope=selectors.tasks_queue(user=by),
        task_ids=task_ids,
        by=by,
        service=task_claim,
        outside=_("không có trong hàng đợi việc của bạn"),
    )


def tasks_release_bulk(*, task_ids: list[int] | None, by: UserLike) -> BulkOutcome:
    """Put several of the user's tasks back in the queue (``None``: all of them)."""
    return _bulk(
        action="task_release.bulk",
        scope=selectors.tasks_inbox(user=by),
        task_ids=task_ids,
        by=by,
        service=task_release,
        outside=_("không có trong danh sách việc được giao cho bạn"),
    )
