"""Celery tasks of the API app: thin, by id, one service each."""

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from api.services import idempotency, webhooks

logger = logging.getLogger(__name__)
TRANSIENT = (DatabaseError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    name="api.webhook_deliver",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    ignore_result=True,
)
def webhook_deliver(delivery_id: int) -> bool:
    """Send one delivery (queued when its transaction commits; retries come from the sweep)."""
    return webhooks.webhook_deliver(delivery_id=delivery_id)


@shared_task(name="api.webhooks_sweep", ignore_result=True)
def webhooks_sweep() -> int:
    """Every minute (beat): hand every delivery due for a (next) try to a worker."""
    due = webhooks.webhooks_due()
    for delivery_id in due:
        webhook_deliver.delay(delivery_id)
    if due:
        logger.info("webhook sweep queued %s deliveries", len(due))
    return len(due)


@shared_task(name="api.idempotency_purge", ignore_result=True)
def idempotency_purge() -> int:
    return idempotency.idempotency_purge()
