"""Receivers: plan and drop reminders when workflow tasks get, move or lose their deadline; hand
queued e-mails to a worker. Imported only by ``NotificationsAppConfig.ready()``."""

import logging

from django.dispatch import receiver

from notifications_app.models import OutgoingEmail
from notifications_app.services import TaskDeadline, reminders_cancel, reminders_plan
from notifications_app.signals import email_queued
from notifications_app.tasks import email_send
from workflows.links import task_process_path
from workflows.models import WorkflowTask
from workflows.permissions import task_responsible_users
from workflows.signals import task_deadline_changed, task_finished

logger = logging.getLogger(__name__)


def task_title(task: WorkflowTask) -> str:
    step = task.flow_task.task_title if task.flow_task else ""
    return f"{step} — {task.process}" if step else str(task.process)


@receiver(task_deadline_changed, dispatch_uid="notifications_app.plan_reminders")
def plan_reminders(sender, task, due, **kwargs):
    if due is None:
        reminders_cancel(task=task)
        return
    reminders_plan(
        deadline=TaskDeadline(
            task=task,
            due=due,
            agency=task.agency,
            responsible=task_responsible_users(task),
            title=task_title(task),
            link=task_process_path(task),
        )
    )


@receiver(task_finished, dispatch_uid="notifications_app.drop_reminders")
def drop_reminders(sender, task, **kwargs):
    reminders_cancel(task=task)


@receiver(email_queued, sender=OutgoingEmail, dispatch_uid="notifications_app.dispatch_email")
def dispatch_email(sender, email_id, **kwargs):
    email_send.delay(email_id)
