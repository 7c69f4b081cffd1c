"""Signals of the notifications app.

- ``email_queued(sender=OutgoingEmail, email_id)``: an e-mail was queued and its transaction
  committed; the receiver hands it to a Celery worker (``tasks.email_send``). Anything missed
  is sent by the sweep's retry pass.
- ``task_overdue(sender=WorkflowTask, task)``: a task's deadline has passed and it is still open;
  sent once per task (and deadline) by the reminder sweep, in the transaction that records it.
"""

from django.dispatch import Signal

email_queued = Signal()
task_overdue = Signal()
