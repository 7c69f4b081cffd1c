"""Outgoing e-mail: queued in the transaction of what it reports, sent after commit by a
worker, retried with backoff."""

from __future__ import annotations

import datetime
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from notifications_app.models import OutgoingEmail
from notifications_app.signals import email_queued

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTEMPTS = 8


def email_queue(*, key: str, to: str, subject: str, body: str) -> bool:
    """Queue an e-mail once per key; it leaves after the surrounding transaction commits.

    Returns whether it was queued now (``False``: no address, or queued before).
    """
    if not to:
        return False
    email, created = OutgoingEmail.objects.get_or_create(
        key=key,
        defaults={"to": to, "subject": subject, "body": body, "next_try_at": timezone.now()},
    )
    if created:
        transaction.on_commit(lambda: email_queued.send(sender=OutgoingEmail, email_ids=[email.pk]))
    return created


def email_send(*, email_id: int) -> bool:
    """Send one queued e-mail; ``True`` when it is (now or already) sent.

    A failure is recorded (attempts, next try with exponential backoff) and re-raised so that
    the Celery task retries; after ``EMAIL_MAX_ATTEMPTS`` the e-mail is marked failed.
    """
    error: Exception | None = None
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        )
        if email is None or email.status != OutgoingEmail.Status.PENDING:
            return email is not None and email.status == OutgoingEmail.Status.SENT
        try:
            send_mail(email.subject, email.body, None, [email.to], fail_silently=False)
        except Exception as exc:
            error = exc
            email.attempts += 1
            email.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            email.next_try_at = timezone.now() + datetime.timedelta(minutes=2**email.attempts)
            if email.attempts >= EMAIL_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "next_try_at", "status"])
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.attempts += 1
            email.save(update_fields=["status", "sent_at", "attempts"])
    if error is not None:
        raise error
    return True


def emails_send(*, email_ids: list[int]) -> int:
    """Send queued e-mails one by one (each in its own transaction); returns how many are
    sent. One failing address does not hold the others; the first failure is re-raised at the
    end so that the caller retries (e-mails already sent are not sent again)."""
    sent, first_error = 0, None
    for email_id in email_ids:
        try:
            sent += email_send(email_id=email_id)
        except Exception as exc:
            logger.warning("e-mail %s not sent: %s", email_id, exc)
            first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return sent


def emails_retry_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Ids of queued e-mails whose (re)try time has come (lost or failed sends)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=2)
    return list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, next_try_at__lte=stale
        ).values_list("pk", flat=True)[:500]
    )
