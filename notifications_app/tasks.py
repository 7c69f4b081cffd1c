"""Celery tasks: thin wrappers that load by id, call one service and retry transient errors."""

import datetime
import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError
from django.utils import timezone

from notifications_app import services

logger = logging.getLogger(__name__)
TRANSIENT = (DatabaseError, InterfaceError, ConnectionError, TimeoutError, OSError)


@shared_task(
    name="notifications_app.tasks.sweep",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    ignore_result=True,
)
def sweep() -> int:
    """Every minute (beat): fire viewflow's due timers, then deliver due reminders."""
    from viewflow.workflow.timers import fire_due_timers

    fire_due_timers()
    sent = services.reminders_sweep()
    for email_id in services.emails_retry_due():
        send_email.delay(email_id)
    if sent:
        logger.info("sweep delivered %s reminder(s)", sent)
    return sent


@shared_task(
    name="notifications_app.tasks.send_email",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    ignore_result=True,
)
def send_email(email_id: int) -> bool:
    return services.email_send(email_id=email_id)


@shared_task(name="notifications_app.tasks.daily_digest", ignore_result=True)
def daily_digest() -> int:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return services.digest_send(day=yesterday)
