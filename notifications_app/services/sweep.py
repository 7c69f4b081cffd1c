"""The sweep: deliver what is due about tasks, a batch of tasks per transaction.

Every minute (and right after a task is created or changes hands) the sweep claims the
:class:`~notifications_app.models.TaskAlert` rows whose time has come (``SELECT … FOR UPDATE
SKIP LOCKED`` on PostgreSQL, so sweeps running at once share the work) and, for each task:

- announces a new task, or a task that changed hands, to whoever can act on it now;
- sends each person concerned ONE reminder: the task's current state. Reminders whose time
  passed while nobody swept (an outage, a task planned late) are not replayed: "due soon" or
  "due today" that are no longer true, and any reminder superseded by a later one or by the
  announcement, are dropped and audited as skipped;
- announces overdue tasks (``tasks_overdue``) once per task and deadline, a batch at a time.

Everything a batch writes — deliveries, notifications, queued e-mails, audit events (appended
in order to the main chain, its head locked once), the rows' next times — is written with a
few bulk statements in one transaction: a worker killed mid-batch leaves nothing, and the next
sweep delivers the batch again; a finished batch cannot deliver twice (and every delivery has
a unique key besides). A batch that fails is retried task by task, so one bad task is put
aside (with backoff) without holding the others.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from notifications.models import Notification

from audit.models import EventType
from audit.services import MAIN_CHAIN, Entry, Target, audit_record_many
from notifications_app.models import (
    Delivery,
    DeliveryKind,
    NotificationPreference,
    OutgoingEmail,
    TaskAlert,
)
from notifications_app.signals import email_queued, tasks_overdue
from tasks_app.models import OFFICE_AGENCY_CODE, Agency
from workflows.models import WorkflowTask
from workflows.selectors import OPEN_TASK_STATUSES

from . import messages
from .context import Audiences, TaskInfo, task_infos
from .schedule import Fire, active_rules, overdue_from, reminder_fires, still_true

logger = logging.getLogger(__name__)

BATCH = 500
MAX_ATTEMPTS = 8


@dataclass
class SweepResult:
    """What a sweep did: messages sent (announcements, reminders), reminders dropped as no
    longer true, tasks announced overdue."""

    announced: int = 0
    reminded: int = 0
    skipped: int = 0
    overdue: int = 0

    @property
    def sent(self) -> int:
        return self.announced + self.reminded

    def add(self, other: SweepResult) -> None:
        self.announced += other.announced
        self.reminded += other.reminded
        self.skipped += other.skipped
        self.overdue += other.overdue


def alerts_sweep(*, now: datetime.datetime | None = None, batch: int = BATCH) -> SweepResult:
    """Deliver everything due at ``now`` (default: now), ``batch`` tasks per transaction."""
    now = now or timezone.now()
    total = SweepResult()
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            claimed = _sweep_batch(now=now, batch=batch, total=total)
            if claimed < batch:
                return total


def _claim(*, now: datetime.datetime, batch: int, pks: list[int] | None = None) -> list[TaskAlert]:
    rows = TaskAlert.objects.filter(next_at__lte=now)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return list(rows.order_by("next_at").select_for_update(skip_locked=True)[:batch])


def _sweep_batch(*, now: datetime.datetime, batch: int, total: SweepResult) -> int:
    claimed: list[int] = []
    try:
        with transaction.atomic():
            rows = _claim(now=now, batch=batch)
            claimed = [row.pk for row in rows]
            if rows:
                result = _deliver(rows, now=now)
        if claimed:
            total.add(result)
        return len(claimed)
    except Exception:
        if not claimed:
            raise
        logger.exception("sweep batch of %s task(s) failed; retrying them one by one", len(claimed))
    for pk in claimed:  # put aside only the task that fails
        try:
            with transaction.atomic():
                rows = _claim(now=now, batch=1, pks=[pk])
                if rows:
                    total.add(_deliver(rows, now=now))
        except Exception as exc:
            logger.exception("alerts of task %s failed", pk)
            _record_failure(pk=pk, now=now, error=exc)
    return len(claimed)


def _record_failure(*, pk: int, now: datetime.datetime, error: Exception) -> None:
    with transaction.atomic():
        row = TaskAlert.objects.select_for_update().filter(pk=pk).first()
        if row is None:
            return
        row.attempts += 1
        row.last_error = f"{error.__class__.__name__}: {error}"[:2000]
        backoff = datetime.timedelta(minutes=2 ** min(row.attempts, 8))
        row.next_at = None if row.attempts >= MAX_ATTEMPTS else now + backoff
        row.save(update_fields=["attempts", "last_error", "next_at"])


# --- one batch ------------------------------------------------------------------------------


@dataclass
class Outgoing:
    """A message to send (``skip_reason`` empty) or a reminder dropped, for one person."""

    task: WorkflowTask
    kind: str
    user: object
    due: datetime.date | None
    key: str = ""
    skip_reason: str = ""


@dataclass
class Plan:
    send: list[Outgoing] = field(default_factory=list)
    skip: list[Outgoing] = field(default_factory=list)
    overdue: list[WorkflowTask] = field(default_factory=list)


def _plan(rows, tasks, *, now: datetime.datetime) -> Plan:
    """What to send and to drop for each claimed task; updates the rows (not saved)."""
    today = timezone.localdate(now)
    audiences = Audiences([tasks[row.pk] for row in rows])
    rules = active_rules() if any(row.due_date for row in rows) else []
    fires_of: dict[datetime.date, list[Fire]] = {}
    plan = Plan()
    for row in rows:
        task, due = tasks[row.pk], row.due_date
        announced = {}
        if row.announce:
            for user in audiences.responsible(task):
                stamp = row.announced_at.isoformat()
                announced[user.pk] = Outgoing(
                    task,
                    row.announce,
                    user,
                    due,
                    key=f"t{task.pk}:{row.announce}:u{user.pk}:{stamp}",
                )
        if due is not None and due not in fires_of:
            fires_of[due] = reminder_fires(due=due, rules=rules)
        fires = fires_of[due] if due else []
        due_now = [
            fire
            for fire in fires
            if fire.at <= now and (row.reminded_until is None or fire.at > row.reminded_until)
        ]
        candidates: dict[int, list[tuple[Fire, object]]] = defaultdict(list)
        for fire in due_now:
            for user in audiences.of(fire, task):
                candidates[user.pk].append((fire, user))
        plan.send.extend(announced.values())
        for user_pk, pairs in candidates.items():
            chosen = None
            if user_pk not in announced:
                true_now = [(f, u) for f, u in pairs if still_true(f.kind, due=due, today=today)]
                chosen = max(true_now, key=lambda pair: pair[0].at, default=None)
            if chosen is not None:
                fire, user = chosen
                plan.send.append(
                    Outgoing(
                        task, fire.kind, user, due, key=f"t{task.pk}:{fire.kind}:u{user.pk}:{due}"
                    )
                )
            sent_kind = (
                row.announce if user_pk in announced else (chosen[0].kind if chosen else None)
            )
            for fire, user in pairs:
                if chosen is None or fire is not chosen[0]:
                    reason = messages.skipped_reason(fire.kind, sent=sent_kind)
                    plan.skip.append(Outgoing(task, fire.kind, user, due, skip_reason=reason))
        if due is not None and today > due and row.overdue_for != due:
            plan.overdue.append(task)
            row.overdue_for = due
        later = [fire.at for fire in fires if fire.at > now]
        if due is not None and row.overdue_for != due:
            later.append(overdue_from(due))
        row.announce, row.announced_at = TaskAlert.Announcement.NONE, None
        row.reminded_until = now
        row.next_at = min(later) if later else None
        row.attempts, row.last_error = 0, ""
    return plan


def _deliver(rows: list[TaskAlert], *, now: datetime.datetime) -> SweepResult:
    tasks = (
        WorkflowTask.objects.filter(pk__in=[row.pk for row in rows])
        .select_related("agency", "owner")
        .in_bulk()
    )
    ended = [
        row.pk
        for row in rows
        if row.pk not in tasks or tasks[row.pk].status not in OPEN_TASK_STATUSES
    ]
    if ended:
        TaskAlert.objects.filter(pk__in=ended).delete()
    rows = [row for row in rows if row.pk not in ended]
    if not rows:
        return SweepResult()
    plan = _plan(rows, tasks, now=now)
    info = task_infos([tasks[row.pk] for row in rows])
    today = timezone.localdate(now)

    done = set(
        Delivery.objects.filter(key__in=[o.key for o in plan.send]).values_list("key", flat=True)
    )
    sends = [o for o in plan.send if o.key not in done]
    users = {o.user.pk for o in sends}
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=users)}
    deliveries = []
    for o in sends:
        preference = preferences.get(o.user.pk) or NotificationPreference(user_id=o.user.pk)
        task_info = info[o.task.pk]
        deliveries.append(
            Delivery(
                key=o.key,
                task_id=o.task.pk,
                kind=o.kind,
                recipient_id=o.user.pk,
                due_date=o.due,
                verb=messages.verb(
                    o.kind,
                    due=o.due,
                    to_owner=o.task.owner_id == o.user.pk,
                    returned=bool(task_info.returned_reason),
                ),
                title=task_info.title,
                link=task_info.link,
                in_app=preference.in_app,
                email=bool(preference.email and not preference.daily_digest and o.user.email),
                digest=bool(preference.email and preference.daily_digest),
                sent_at=now,
            )
        )
    Delivery.objects.bulk_create(deliveries)
    _notify(sends, deliveries, info, today=today)
    email_ids = _queue_emails(sends, deliveries, info, today=today)
    _audit(sends, deliveries, plan.skip, info)
    _save_rows(rows)
    if plan.overdue:
        tasks_overdue.send(sender=WorkflowTask, tasks=list(plan.overdue))

    delay = settings.REMINDER_DELIVERY_DELAY_SECONDS
    if delay:  # fault injection for the reliability suite; 0 in production
        logger.info("delivering alerts of task(s) %s (delay %.1fs)", [r.pk for r in rows], delay)
        time.sleep(delay)
    if email_ids:
        transaction.on_commit(lambda: email_queued.send(sender=OutgoingEmail, email_ids=email_ids))
    announced = sum(1 for o in sends if o.kind in messages.ANNOUNCEMENTS)
    return SweepResult(
        announced=announced,
        reminded=len(sends) - announced,
        skipped=len(plan.skip),
        overdue=len(plan.overdue),
    )


def _save_rows(rows: list[TaskAlert]) -> None:
    """Store the rows' new state: one UPDATE per distinct (next time, overdue deadline), so a
    batch costs a few statements (tasks due the same day share them)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for row in rows:
        groups[(row.next_at, row.overdue_for)].append(row.pk)
    now = rows[0].reminded_until
    for (next_at, overdue_for), pks in groups.items():
        TaskAlert.objects.filter(pk__in=pks).update(
            announce=TaskAlert.Announcement.NONE,
            announced_at=None,
            reminded_until=now,
            overdue_for=overdue_for,
            next_at=next_at,
            attempts=0,
            last_error="",
        )


def _notify(sends, deliveries, info, *, today) -> None:
    """The bell: one notification per delivery whose recipient wants them in the app."""
    office = Agency.objects.filter(code=OFFICE_AGENCY_CODE).values_list("pk", flat=True).first()
    agency_type = ContentType.objects.get_for_model(Agency)
    user_type = ContentType.objects.get_for_model(sends[0].user) if sends else None
    task_type = ContentType.objects.get_for_model(WorkflowTask)
    notifications = []
    for o, delivery in zip(sends, deliveries, strict=True):
        if not delivery.in_app:
            continue
        task_info = info[o.task.pk]
        notifications.append(
            Notification(
                recipient_id=o.user.pk,
                actor_content_type=agency_type if office else user_type,
                actor_object_id=str(office or o.user.pk),
                verb=delivery.verb,
                description=messages.description(
                    title=task_info.title,
                    agency=task_info.agency_name,
                    kind=o.kind,
                    due=o.due,
                    today=today,
                    returned_reason=task_info.returned_reason,
                ),
                target_content_type=task_type,
                target_object_id=str(o.task.pk),
                timestamp=delivery.sent_at,
                data={
                    "link": task_info.link,
                    "kind": o.kind,
                    "task": o.task.pk,
                    "delivery": delivery.pk,
                },
            )
        )
    Notification.objects.bulk_create(notifications)


def _queue_emails(sends, deliveries, info, *, today) -> list[int]:
    emails = []
    for o, delivery in zip(sends, deliveries, strict=True):
        if not delivery.email:
            continue
        task_info = info[o.task.pk]
        emails.append(
            OutgoingEmail(
                key=f"alert:{delivery.key}"[:120],
                to=o.user.email,
                subject=messages.email_subject(o.kind, delivery.verb),
                body=messages.email_body(
                    name=o.user.get_full_name() or o.user.get_username(),
                    headline=delivery.verb,
                    text=messages.description(
                        title=task_info.title,
                        agency=task_info.agency_name,
                        kind=o.kind,
                        due=o.due,
                        today=today,
                        returned_reason=task_info.returned_reason,
                    ),
                    link=task_info.link,
                ),
                next_try_at=delivery.sent_at,
            )
        )
    return [email.pk for email in OutgoingEmail.objects.bulk_create(emails)]


_EVENT_TYPES = {
    DeliveryKind.CREATED: EventType.TASK_ANNOUNCED,
    DeliveryKind.REASSIGNED: EventType.TASK_ANNOUNCED,
    DeliveryKind.ESCALATE_HEAD: EventType.ESCALATION_SENT,
    DeliveryKind.ESCALATE_OFFICE: EventType.ESCALATION_SENT,
}


def _target(task: WorkflowTask, task_info: TaskInfo) -> Target:
    return Target(
        object_type="workflows.workflowtask",
        object_id=str(task.pk),
        object_repr=task_info.title,
        directive_id=task_info.directive_id,
        notice_id=task_info.notice_id,
    )


def _audit(sends, deliveries, skipped, info) -> None:
    """One event per message sent and per reminder dropped, appended in order, one chain lock."""
    entries = [
        Entry(
            event_type=_EVENT_TYPES.get(o.kind, EventType.REMINDER_SENT),
            target=_target(o.task, info[o.task.pk]),
            agency_code=info[o.task.pk].agency_code,
            after={
                "kind": o.kind,
                "recipient": o.user.get_username(),
                "due_date": o.due,
                "in_app": delivery.in_app,
                "email": delivery.email,
                "digest": delivery.digest,
            },
        )
        for o, delivery in zip(sends, deliveries, strict=True)
    ]
    entries += [
        Entry(
            event_type=EventType.REMINDER_SKIPPED,
            target=_target(o.task, info[o.task.pk]),
            agency_code=info[o.task.pk].agency_code,
            after={"kind": o.kind, "recipient": o.user.get_username(), "due_date": o.due},
            reason=o.skip_reason,
        )
        for o in skipped
    ]
    audit_record_many(entries, chain=MAIN_CHAIN)
