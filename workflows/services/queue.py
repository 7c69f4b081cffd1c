"""The agency queue: take a task, put it back, reclaim one whose owner left."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from project.exceptions import StateConflict
from tasks_app.selectors import UserLike

from .. import permissions, signals
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
