"""Celery tasks: thin wrappers that load by id, call one service and retry transient errors.

Each task is named like the service it calls.
"""

import datetime
import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError
from django.utils import timezone
from viewflow.workflow.timers import fire_due_timers

from notifications_app import services

logger = logging.getLogger(__name__)
TRANSIENT = (DatabaseError, InterfaceError, ConnectionError, TimeoutError, OSError)


@shared_task(
    name="notifications_app.reminders_sweep",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    ignore_result=True,
)
def reminders_sweep() -> int:
    """Every minute (beat): fire viewflow's due timers, deliver due reminders, retry e-mails."""
    fire_due_timers()
    sent = services.reminders_sweep()
    for email_id in services.emails_retry_due():
        email_send.delay(email_id)
    if sent:
        logger.info("sweep delivered %s reminder(s)", sent)
    return sent


@shared_task(
    name="notifications_app.email_send",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    ignore_result=True,
)
def email_send(email_id: int) -> bool:
    return services.email_send(email_id=email_id)


@shared_task(name="notifications_app.digest_send", ignore_result=True)
def digest_send() -> int:
    """Every morning (beat): yesterday's reminders, one e-mail per user who chose the digest."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return services.digest_send(day=yesterday)
