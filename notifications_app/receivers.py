"""Receivers: note what to tell about workflow tasks when they are created, change hands or get
a new deadline (in the workflow's transaction); hand queued e-mails and pending alerts to
a worker after commit. Imported only by ``NotificationsAppConfig.ready()``."""

from django.dispatch import receiver

from notifications_app import services
from notifications_app.models import OutgoingEmail, TaskAlert
from notifications_app.signals import alerts_pending, email_queued
from notifications_app.tasks import alerts_sweep, emails_send
from workflows.models import DirectiveProcess, ExtensionProcess
from workflows.signals import (
    process_closed,
    step_done,
    task_created,
    task_deadline_changed,
    task_finished,
    task_reassigned,
)


@receiver(task_created, dispatch_uid="notifications_app.task_created")
def announce_task(sender, task, **kwargs):
    services.alert_task_created(task=task)


@receiver(task_reassigned, dispatch_uid="notifications_app.task_reassigned")
def announce_new_owner(sender, task, **kwargs):
    services.alert_task_reassigned(task=task)


@receiver(task_deadline_changed, dispatch_uid="notifications_app.plan_reminders")
def plan_reminders(sender, task, due, **kwargs):
    services.alert_deadline_changed(task=task, due=due)


@receiver(task_finished, dispatch_uid="notifications_app.task_finished")
def retire_task_alerts(sender, task, **kwargs):
    services.alerts_task_ended(task=task)


@receiver(step_done, dispatch_uid="notifications_app.step_done")
def announce_step_outcome(sender, task, **kwargs):
    flow_task = task.flow_task
    process_class = flow_task.flow_class.process_class if flow_task else None
    if process_class is ExtensionProcess and flow_task.name == "decide":
        services.extension_decided(task=task)
    elif process_class is DirectiveProcess and flow_task.name == "accept":
        services.officer_assigned(task=task)


@receiver(process_closed, dispatch_uid="notifications_app.process_closed")
def announce_process_closed(sender, process, **kwargs):
    services.process_closed(process=process)


@receiver(email_queued, sender=OutgoingEmail, dispatch_uid="notifications_app.dispatch_email")
def dispatch_email(sender, email_ids, **kwargs):
    emails_send.delay(list(email_ids))


@receiver(alerts_pending, sender=TaskAlert, dispatch_uid="notifications_app.deliver_alerts")
def deliver_alerts(sender, **kwargs):
    alerts_sweep.delay()
