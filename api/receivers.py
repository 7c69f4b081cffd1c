"""Receivers: the workflow's announcements become webhook deliveries (outbox rows written in
the transaction of the change, handed to a worker when it commits). Imported only by
``ApiConfig.ready()``."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from api.services.webhooks import (
    webhook_event_wanted,
    webhook_events_record,
    webhook_wanted_events_forget,
)
from api.tasks import webhook_deliver
from notifications_app.signals import tasks_overdue
from workflows.models import DirectiveProcess, ExtensionProcess, WorkflowTask
from workflows.signals import process_closed, process_started, step_done, task_created

from .models import WebhookEndpoint, WebhookEvent


def _directive_process(task: WorkflowTask) -> DirectiveProcess | None:
    process = task.process.coerced
    if isinstance(process, ExtensionProcess):
        return process.directive_process
    return process if isinstance(process, DirectiveProcess) else None


def _record(**kwargs) -> None:
    if not webhook_event_wanted(event=kwargs["event"]):
        return
    for delivery in webhook_events_record(**kwargs):
        transaction.on_commit(lambda pk=delivery.pk: webhook_deliver.delay(pk))


@receiver(process_started, dispatch_uid="api.webhook_process_started")
def on_process_started(sender, process, by=None, **kwargs):
    _record(
        event=WebhookEvent.PROCESS_STARTED,
        key=f"process.started:{process.pk}",
        process=process,
        by=by,
    )


@receiver(process_closed, dispatch_uid="api.webhook_process_closed")
def on_process_closed(sender, process, by=None, **kwargs):
    _record(
        event=WebhookEvent.PROCESS_CLOSED,
        key=f"process.closed:{process.pk}",
        process=process,
        by=by,
    )


@receiver(task_created, dispatch_uid="api.webhook_task_created")
def on_task_created(sender, task, **kwargs):
    process = _directive_process(task)
    if process is not None:
        _record(
            event=WebhookEvent.TASK_CREATED,
            key=f"task.created:{task.pk}",
            process=process,
            task=task,
        )


@receiver(step_done, dispatch_uid="api.webhook_step_done")
def on_step_done(sender, task, by=None, **kwargs):
    process = _directive_process(task)
    if process is not None:
        _record(
            event=WebhookEvent.STEP_DONE,
            key=f"step.done:{task.pk}",
            process=process,
            task=task,
            by=by,
        )


@receiver(tasks_overdue, dispatch_uid="api.webhook_tasks_overdue")
def on_tasks_overdue(sender, tasks, **kwargs):
    if not webhook_event_wanted(event=WebhookEvent.TASK_OVERDUE):
        return  # nothing to do for the whole batch when nobody listens
    for task in tasks:
        process = _directive_process(task)
        if process is not None:
            _record(
                event=WebhookEvent.TASK_OVERDUE,
                key=f"task.overdue:{task.pk}:{task.due_date}",
                process=process,
                task=task,
            )


@receiver(post_save, sender=WebhookEndpoint, dispatch_uid="api.webhook_endpoint_saved")
@receiver(post_delete, sender=WebhookEndpoint, dispatch_uid="api.webhook_endpoint_deleted")
def on_endpoint_changed(sender, **kwargs):
    webhook_wanted_events_forget()
    transaction.on_commit(webhook_wanted_events_forget)  # and once the change is visible
