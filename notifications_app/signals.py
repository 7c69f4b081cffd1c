"""Signals of the notifications app.

- ``email_queued(sender=OutgoingEmail, email_id)``: an e-mail was queued and its transaction
  committed; the receiver hands it to a Celery worker (``tasks.email_send``). Anything missed
  is sent by the sweep's retry pass.
"""

from django.dispatch import Signal

email_queued = Signal()
