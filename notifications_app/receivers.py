"""Receivers: plan and drop reminders when workflow tasks get, move or lose their deadline; hand
queued e-mails to a worker. Imported only by ``NotificationsAppConfig.ready()``."""

import logging

from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse

from notifications_app.models import OutgoingEmail
from notifications_app.services import TaskDeadline, reminders_cancel, reminders_plan
from notifications_app.signals import email_queued
from notifications_app.tasks import email_send
from workflows.models import WorkflowTask
from workflows.permissions import task_responsible_users
from workflows.signals import task_deadline_changed, task_finished

logger = logging.getLogger(__name__)


def task_title(task: WorkflowTask) -> str:
    step = task.flow_task.task_title if task.flow_task else ""
    return f"{step} — {task.process}" if step else str(task.process)


def task_link(task: WorkflowTask) -> str:
    """The page of the task's process in the site (works in workers too)."""
    flow_name = (
        "extension" if task.flow_task.flow_class.__name__ == "ExtensionFlow" else "directive"
    )
    try:
        return reverse(f"workflow:flows:{flow_name}:process_detail", args=[task.process_id])
    except NoReverseMatch:
        logger.warning("no page for process %s", task.process_id)
        return ""


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
            link=task_link(task),
        )
    )


@receiver(task_finished, dispatch_uid="notifications_app.drop_reminders")
def drop_reminders(sender, task, **kwargs):
    reminders_cancel(task=task)


@receiver(email_queued, sender=OutgoingEmail, dispatch_uid="notifications_app.dispatch_email")
def dispatch_email(sender, email_id, **kwargs):
    email_send.delay(email_id)
