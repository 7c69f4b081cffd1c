"""Planning what to tell about a task, in the transaction of the workflow change.

One statement per change, whatever the policy and however many people are concerned: the
task's :class:`~notifications_app.models.TaskAlert` row is written (new task, new owner, new
deadline). A task that ends costs nothing here: the sweep drops the row of an ended task when
it meets it, and never tells anything about it. Who is told, and which reminder is due, is
worked out by the sweep (:mod:`.sweep`) when it delivers — with the people and the policy of
that moment.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from notifications_app.models import TaskAlert
from notifications_app.signals import alerts_pending
from workflows.models import WorkflowTask


def _deliver_after_commit() -> None:
    """Wake a worker once the transaction commits (once per transaction); the sweep that runs
    every minute delivers anyway if this wake-up is lost."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _wake for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_wake)


def _wake() -> None:
    alerts_pending.send(sender=TaskAlert)


def alert_task_created(*, task: WorkflowTask) -> None:
    """A human task was created: announce it, and remind of its deadline when due."""
    now = timezone.now()
    TaskAlert.objects.bulk_create(
        [
            TaskAlert(
                task_id=task.pk,
                due_date=task.due_date,
                announce=TaskAlert.Announcement.CREATED,
                announced_at=now,
                next_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["task"],
        update_fields=["due_date", "announce", "announced_at", "next_at"],
    )
    task.__dict__["_alert_due"] = task.due_date
    _deliver_after_commit()


def alert_task_reassigned(*, task: WorkflowTask) -> None:
    """The task changed hands (another officer, or back to the queue): announce it again."""
    now = timezone.now()
    TaskAlert.objects.bulk_create(
        [
            TaskAlert(
                task_id=task.pk,
                due_date=task.due_date,
                announce=TaskAlert.Announcement.REASSIGNED,
                announced_at=now,
                next_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["task"],
        update_fields=["announce", "announced_at", "next_at"],
    )
    _deliver_after_commit()


def alert_deadline_changed(*, task: WorkflowTask, due: datetime.date | None) -> None:
    """The task's deadline is now ``due``: its reminders are worked out again from it."""
    if task.__dict__.get("_alert_due", ...) == due:
        return  # planned with this deadline when the task was created, in this transaction
    now = timezone.now()
    changed = (
        TaskAlert.objects.filter(task_id=task.pk)
        .exclude(due_date=due)
        .update(due_date=due, reminded_until=None, next_at=now)
    )
    if not changed:
        TaskAlert.objects.bulk_create(
            [TaskAlert(task_id=task.pk, due_date=due, next_at=now)], ignore_conflicts=True
        )
    task.__dict__["_alert_due"] = due


def reminder_policy_changed() -> int:
    """The Office changed the reminder policy: every open task's reminders are worked out
    again at the next sweep (reminders already sent are not sent again)."""
    return TaskAlert.objects.filter(due_date__isnull=False).update(next_at=timezone.now())
