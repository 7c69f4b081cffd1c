"""Receivers: the workflow's announcements become webhook deliveries (outbox rows written in
the transaction of the change, handed to a worker when it commits). Imported only by
``ApiConfig.ready()``."""

from django.db import transaction
from django.dispatch import receiver

from api.services.webhooks import webhook_events_record
from api.tasks import webhook_deliver
from notifications_app.signals import task_overdue
from workflows.models import DirectiveProcess, ExtensionProcess, WorkflowTask
from workflows.signals import process_closed, process_started, step_done, task_created

from .models import WebhookEvent


def _directive_process(task: WorkflowTask) -> DirectiveProcess | None:
    process = task.process.coerced
    if isinstance(process, ExtensionProcess):
        return process.directive_process
    return process if isinstance(process, DirectiveProcess) else None


def _record(**kwargs) -> None:
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


@receiver(task_overdue, dispatch_uid="api.webhook_task_overdue")
def on_task_overdue(sender, task, **kwargs):
    process = _directive_process(task)
    if process is not None:
        _record(
            event=WebhookEvent.TASK_OVERDUE,
            key=f"task.overdue:{task.pk}:{task.due_date}",
            process=process,
            task=task,
        )
