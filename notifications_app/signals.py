"""Signals of the notifications app.

- ``email_queued(sender=OutgoingEmail, email_ids)``: e-mails were queued and their transaction
  committed; the receiver hands them to a Celery worker (``tasks.emails_send``). Anything
  missed is sent by the sweep's retry pass.
- ``alerts_pending(sender=TaskAlert)``: a transaction that created a task or gave it to
  someone committed; the receiver wakes a worker to deliver at once (the sweep that runs every
  minute delivers anyway).
- ``task_overdue(sender=WorkflowTask, task)``: a task's deadline has passed and it is still open;
  sent once per task (and deadline) by the sweep, in the transaction that records it.
"""

from django.dispatch import Signal

email_queued = Signal()
alerts_pending = Signal()
task_overdue = Signal()
