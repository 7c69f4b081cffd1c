"""Signals of the notifications app.

- ``email_queued(sender=OutgoingEmail, email_ids)``: e-mails were queued and their transaction
  committed; the receiver hands them to a Celery worker (``tasks.emails_send``). Anything
  missed is sent by the sweep's retry pass.
- ``alerts_pending(sender=TaskAlert)``: a transaction that created a task or gave it to
  someone committed; the receiver wakes a worker to deliver at once (the sweep that runs every
  minute delivers anyway).
- ``tasks_overdue(sender=WorkflowTask, tasks)``: these tasks' deadlines have passed and they are
  still open; each task is in it once per deadline. Sent once per batch by the sweep, in the
  transaction that records it (a receiver does its work for the whole batch at once).
"""

from django.dispatch import Signal

email_queued = Signal()
alerts_pending = Signal()
tasks_overdue = Signal()
