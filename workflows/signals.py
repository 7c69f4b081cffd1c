"""Signals for planning reminders without touching the workflow code.

Both are sent synchronously, inside the transaction that changes the task, so a receiver that
writes rows (planned reminders) commits or rolls back together with the workflow change. A
receiver with outside effects (e-mail, Celery) should defer them with ``transaction.on_commit``.

- ``task_deadline_changed(sender=WorkflowTask, task, due)``: a human task was created with a
  deadline, or its deadline moved (approved extension). ``due`` is a ``datetime.date``.
- ``task_finished(sender=WorkflowTask, task)``: a human task ended (done or cancelled); drop
  its pending reminders.
"""

from django.dispatch import Signal

task_deadline_changed = Signal()
task_finished = Signal()
