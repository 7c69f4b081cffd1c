"""Celery tasks: thin wrappers that load by id, call one service and retry transient errors.

Each task is named like the service it calls.
"""

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError
from django.utils import timezone
from viewflow.workflow.timers import fire_due_timers

from notifications_app import services

logger = logging.getLogger(__name__)
TRANSIENT = (DatabaseError, InterfaceError, ConnectionError, TimeoutError, OSError)


@shared_task(
    name="notifications_app.alerts_sweep",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    ignore_result=True,
)
def alerts_sweep() -> int:
    """Every minute (beat), and after a task is created or changes hands: fire viewflow's due
    timers, deliver what is due about tasks, retry e-mails whose time has come."""
    fire_due_timers()
    result = services.alerts_sweep()
    retry = services.emails_retry_due()
    if retry:
        emails_send.delay(retry)
    if result.sent or result.skipped:
        logger.info(
            "sweep: %s announcement(s), %s reminder(s) sent, %s dropped as no longer true",
            result.announced,
            result.reminded,
            result.skipped,
        )
    return result.sent


@shared_task(
    name="notifications_app.emails_send",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    ignore_result=True,
)
def emails_send(email_ids: list[int]) -> int:
    return services.emails_send(email_ids=email_ids)


@shared_task(name="notifications_app.digest_send", ignore_result=True)
def digest_send() -> int:
    """Every morning (beat): one e-mail per person who chose the daily digest."""
    return services.digest_send(day=timezone.localdate())
