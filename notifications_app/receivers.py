"""Receivers: note what to tell about workflow tasks when they are created, change hands or get
a new deadline (in the workflow's transaction); hand queued e-mails and pending alerts to
a worker after commit. Imported only by ``NotificationsAppConfig.ready()``."""

from django.dispatch import receiver

from notifications_app import services
from notifications_app.models import OutgoingEmail, TaskAlert
from notifications_app.signals import alerts_pending, email_queued
from notifications_app.tasks import alerts_sweep, emails_send
from workflows.signals import task_created, task_deadline_changed, task_reassigned


@receiver(task_created, dispatch_uid="notifications_app.task_created")
def announce_task(sender, task, **kwargs):
    services.alert_task_created(task=task)


@receiver(task_reassigned, dispatch_uid="notifications_app.task_reassigned")
def announce_new_owner(sender, task, **kwargs):
    services.alert_task_reassigned(task=task)


@receiver(task_deadline_changed, dispatch_uid="notifications_app.plan_reminders")
def plan_reminders(sender, task, due, **kwargs):
    services.alert_deadline_changed(task=task, due=due)


@receiver(email_queued, sender=OutgoingEmail, dispatch_uid="notifications_app.dispatch_email")
def dispatch_email(sender, email_ids, **kwargs):
    emails_send.delay(list(email_ids))


@receiver(alerts_pending, sender=TaskAlert, dispatch_uid="notifications_app.deliver_alerts")
def deliver_alerts(sender, **kwargs):
    alerts_sweep.delay()
