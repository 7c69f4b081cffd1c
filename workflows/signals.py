"""What the workflow announces, for reminders, notifications and webhooks.

Every signal is sent synchronously, inside the transaction that makes the change, so a receiver
that writes rows (planned reminders, notifications, a webhook outbox) commits or rolls back
together with the workflow change. A receiver with outside effects (e-mail, HTTP, Celery) defers
them with ``transaction.on_commit``.

- ``task_created(sender=WorkflowTask, task)``: a human task was created (``task.owner`` is set
  when it went straight to someone, else it waits in its agency's queue).
- ``task_reassigned(sender=WorkflowTask, task, previous_owner)``: someone else gave an open task
  to a new owner (officer reassignment), or put it back in the queue (``task.owner`` is None).
- ``task_deadline_changed(sender=WorkflowTask, task, due)``: a human task was created with a
  deadline, or its deadline moved (approved extension). ``due`` is a ``datetime.date``.
- ``task_finished(sender=WorkflowTask, task)``: a human task ended (done or cancelled); drop
  its pending reminders.
- ``step_done(sender=WorkflowTask, task, by)``: a human step was completed by ``by``.
- ``process_started(sender=DirectiveProcess, process, by)``: publishing started a process.
- ``process_closed(sender=DirectiveProcess, process, by)``: a process ended (``process.outcome``
  says completed or cancelled).
"""

from django.dispatch import Signal

task_created = Signal()
task_reassigned = Signal()
task_deadline_changed = Signal()
task_finished = Signal()
step_done = Signal()
process_started = Signal()
process_closed = Signal()
