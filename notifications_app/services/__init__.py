"""Notifications of the workflow: what to tell about tasks, to whom, by which channel.

- :mod:`.alerts`: planning, one statement in the transaction of each workflow change;
- :mod:`.schedule`: the reminder policy applied to a deadline;
- :mod:`.sweep`: delivery of what is due, in batches (bell, e-mail, audit), exactly once;
- :mod:`.events`: news about work people are part of (decisions, closing, assignment);
- :mod:`.digest`: the daily e-mail of people who chose it;
- :mod:`.emails`: outgoing e-mail, queued in the transaction, sent by a worker;
- :mod:`.messages`: the texts.
"""

from .alerts import (
    alert_deadline_changed,
    alert_task_created,
    alert_task_reassigned,
    reminder_policy_changed,
)
from .digest import digest_send
from .emails import email_queue, email_send, emails_retry_due, emails_send
from .events import alerts_task_ended, extension_decided, officer_assigned, process_closed
from .schedule import reminder_schedule
from .sweep import SweepResult, alerts_sweep

__all__ = [
    "SweepResult",
    "alert_deadline_changed",
    "alert_task_created",
    "alert_task_reassigned",
    "alerts_sweep",
    "alerts_task_ended",
    "digest_send",
    "email_queue",
    "email_send",
    "emails_retry_due",
    "emails_send",
    "extension_decided",
    "officer_assigned",
    "process_closed",
    "reminder_policy_changed",
    "reminder_schedule",
]
