"""Plan and drop reminders when workflow tasks get, move or lose their deadline."""

import logging

from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse

from notifications_app.services import TaskDeadline, reminders_cancel, reminders_plan
from workflows.signals import task_deadline_changed, task_finished

logger = logging.getLogger(__name__)


def task_responsible_users(task) -> list:
    """Who must act on a task: its owner, or everyone who may take it from the queue."""
    from workflows.permissions import user_holds_task_role

    User = get_user_model()
    owner = task.owner
    if owner is not None and owner.is_active and user_holds_task_role(user=owner, task=task):
        return [owner]
    if not task.agency_id:
        return []
    candidates = User.objects.filter(memberships__agency=task.agency, is_active=True).distinct()
    if task.actor_role == "office":
        candidates = User.objects.filter(memberships__role="office", is_active=True).distinct()
    return [user for user in candidates if user_holds_task_role(user=user, task=task)]


def task_title(task) -> str:
    step = task.flow_task.task_title if task.flow_task else ""
    return f"{step} — {task.process}" if step else str(task.process)


def task_link(task) -> str:
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
