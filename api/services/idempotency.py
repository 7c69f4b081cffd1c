"""Stored answers of POSTs sent with an ``Idempotency-Key`` (see :mod:`api.actions`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.models import IdempotencyRecord
from tasks_app.selectors import UserLike


def idempotency_claim(
    *, user: UserLike, key: str, fingerprint: str
) -> tuple[IdempotencyRecord, bool]:
    """Take ``key`` for this request, in the caller's transaction: ``(record, True)``; or the
    record of an earlier request with the same key: ``(record, False)``.

    On PostgreSQL a concurrent request with the same key waits here until the first one
    commits (then gets its record) or rolls back (then takes the key itself).
    """
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(user=user, key=key, fingerprint=fingerprint)
        return record, True
    except IntegrityError:
        return IdempotencyRecord.objects.get(user=user, key=key), False


def idempotency_store(*, record: IdempotencyRecord, status_code: int, body) -> None:
    """Keep the answer of a successful action, to give back to a retry."""
    record.status_code = status_code
    record.body = body
    record.save(update_fields=["status_code", "body"])


def idempotency_release(*, record: IdempotencyRecord) -> None:
    """Forget the key of a refused or failed action: a retry acts again."""
    IdempotencyRecord.objects.filter(pk=record.pk).delete()


def idempotency_purge(*, now: datetime.datetime | None = None) -> int:
    """Drop records older than ``API_IDEMPOTENCY_HOURS`` (daily, by beat)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    deleted, _rows = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
