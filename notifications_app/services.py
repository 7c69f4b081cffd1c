"""Reminders: planning from deadlines, the sweep that delivers due ones, and delivery.

Reminder texts are written in the project's language (``settings.LANGUAGE_CODE``): the worker
builds them with that language active, whatever its environment, and they are stored as sent.

Delivery is effectively once: a reminder row is claimed with ``SELECT … FOR UPDATE SKIP
LOCKED`` (PostgreSQL), and the in-app notification, the queued e-mail and the "sent" mark are
written in one transaction. A worker killed mid-delivery rolls the whole delivery back and the
next sweep delivers it again; one that finished cannot deliver it twice.
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from notifications.signals import notify

from audit.models import EventType
from audit.services import Target, audit_record
from notifications_app.models import (
    Audience,
    NotificationPreference,
    OutgoingEmail,
    PlannedReminder,
    ReminderKind,
    ReminderRule,
    ReminderStatus,
)
from notifications_app.signals import email_queued
from project.calendar import add_working_days
from tasks_app.models import OFFICE_AGENCY_CODE, Agency, Membership, Role
from tasks_app.selectors import UserLike
from workflows.models import DirectiveProcess, ExtensionProcess, WorkflowTask
from workflows.permissions import task_responsible_users

logger = logging.getLogger(__name__)
User = get_user_model()

EMAIL_MAX_ATTEMPTS = 8
DELIVERY_MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class TaskDeadline:
    """What the reminder planner needs to know about one open task."""

    task: object  # viewflow.workflow.models.Task
    due: datetime.date
    agency: Agency | None
    responsible: list  # users who must act
    title: str
    link: str = ""


def _fire_at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour=hour)))


def _members(audience: str, agency: Agency | None) -> QuerySet:
    """Active users of an escalation audience: the agency's heads, or the Office."""
    if audience == Audience.AGENCY_HEADS:
        members = Membership.objects.filter(agency=agency, role=Role.HEAD)
    else:
        members = Membership.objects.filter(agency__code=OFFICE_AGENCY_CODE, role=Role.OFFICE)
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True)


def _audience(rule: ReminderRule, deadline: TaskDeadline) -> list:
    if rule.audience == Audience.RESPONSIBLE:
        return list(deadline.responsible)
    if rule.audience == Audience.AGENCY_HEADS and deadline.agency is None:
        return []
    return list(_members(rule.audience, deadline.agency))


@transaction.atomic
def reminders_plan(*, deadline: TaskDeadline) -> list[PlannedReminder]:
    """Plan (or re-plan after the deadline moved) every reminder of one task.

    Pending rows move to the new fire time; rows already sent stay sent; recipients who are
    no longer concerned (an officer reassigned) have their pending rows cancelled.
    """
    planned: list[PlannedReminder] = []
    keep: set[int] = set()
    for rule in ReminderRule.objects.filter(is_active=True):
        fire_at = _fire_at(add_working_days(deadline.due, rule.offset_working_days), rule.hour)
        for user in _audience(rule, deadline):
            reminder, created = PlannedReminder.objects.select_for_update().get_or_create(
                task=deadline.task,
                kind=rule.kind,
                recipient=user,
                defaults={
                    "due_date": deadline.due,
                    "fire_at": fire_at,
                    "agency": deadline.agency,
                    "title": deadline.title[:255],
                    "link": deadline.link[:255],
                },
            )
            if not created and reminder.status != ReminderStatus.SENT:
                reminder.due_date = deadline.due
                reminder.fire_at = fire_at
                reminder.status = ReminderStatus.PENDING
                reminder.title = deadline.title[:255]
                reminder.link = deadline.link[:255]
                reminder.save(update_fields=["due_date", "fire_at", "status", "title", "link"])
            keep.add(reminder.pk)
            planned.append(reminder)
    PlannedReminder.objects.filter(task=deadline.task, status=ReminderStatus.PENDING).exclude(
        pk__in=keep
    ).update(status=ReminderStatus.CANCELLED)
    return planned


def reminders_cancel(*, task: WorkflowTask) -> int:
    """Drop the pending reminders of a task that ended."""
    return PlannedReminder.objects.filter(task=task, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.CANCELLED
    )


def due_reminders(*, now: datetime.datetime) -> QuerySet[PlannedReminder]:
    return PlannedReminder.objects.filter(status=ReminderStatus.PENDING, fire_at__lte=now).order_by(
        "fire_at"
    )


def _message(reminder: PlannedReminder) -> tuple[str, str]:
    due = reminder.due_date.strftime("%d/%m/%Y")
    agency = f" ({reminder.agency.name})" if reminder.agency_id else ""
    verbs = {
        ReminderKind.BEFORE: _("Sắp đến hạn %(due)s"),
        ReminderKind.DUE: _("Hôm nay là hạn xử lý (%(due)s)"),
        ReminderKind.OVERDUE: _("Đã quá hạn xử lý %(due)s"),
        ReminderKind.ESCALATE_HEAD: _("Công việc của cơ quan đã quá hạn %(due)s"),
        ReminderKind.ESCALATE_OFFICE: _("Công việc quá hạn %(due)s cần Văn phòng đôn đốc"),
    }
    return verbs[reminder.kind] % {"due": due}, f"{reminder.title}{agency}"


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


def _preference(user: UserLike) -> NotificationPreference:
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )


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
        transaction.on_commit(lambda: email_queued.send(sender=OutgoingEmail, email_id=email.pk))
    return created


def _reminder_target(reminder: PlannedReminder) -> Target:
    """The audit target of a reminder: its workflow task, within its directive."""
    process_id = reminder.task.process_id
    row = (
        DirectiveProcess.objects.filter(pk=process_id)
        .values("directive_id", "directive__notice_id")
        .first()
        or DirectiveProcess.objects.filter(
            pk__in=ExtensionProcess.objects.filter(pk=process_id).values("directive_process_id")
        )
        .values("directive_id", "directive__notice_id")
        .first()
    )
    return Target(
        object_type="workflows.workflowtask",
        object_id=str(reminder.task_id),
        object_repr=reminder.title[:255],
        directive_id=row["directive_id"] if row else None,
        notice_id=row["directive__notice_id"] if row else None,
    )


def _still_concerned(reminder: PlannedReminder) -> bool:
    """Whether the recipient is still someone this reminder is for (people move and leave)."""
    user = reminder.recipient
    if not user.is_active:
        return False
    rule = ReminderRule.objects.filter(kind=reminder.kind).first()
    audience = rule.audience if rule else Audience.RESPONSIBLE
    if audience == Audience.RESPONSIBLE:
        task = (
            WorkflowTask.objects.filter(pk=reminder.task_id)
            .select_related("agency", "owner")
            .first()
        )
        return task is not None and user in task_responsible_users(task)
    return _members(audience, reminder.agency).filter(pk=user.pk).exists()


def _deliver(reminder: PlannedReminder) -> None:
    verb, description = _message(reminder)
    preference = _preference(reminder.recipient)
    office = Agency.objects.filter(code=OFFICE_AGENCY_CODE).first()
    actor = office or reminder.recipient
    if preference.in_app:
        notify.send(
            actor,
            recipient=reminder.recipient,
            verb=verb,
            description=description,
            target=reminder.task,
            data={"link": reminder.link, "kind": reminder.kind, "reminder": reminder.pk},
        )
    if preference.email and not preference.daily_digest:
        email_queue(
            key=f"reminder:{reminder.pk}",
            to=reminder.recipient.email,
            subject=_("[Nhắc việc] %(verb)s") % {"verb": verb},
            body=_(
                "Kính gửi %(name)s,\n\n"
                "%(verb)s: %(description)s.\n\n"
                "Xem và xử lý tại: %(link)s\n\n"
                "Văn phòng Tỉnh ủy (thư tự động, xin không trả lời)."
            )
            % {
                "name": reminder.recipient.get_full_name() or reminder.recipient.username,
                "verb": verb,
                "description": description,
                "link": _absolute(reminder.link),
            },
        )
    escalation = reminder.kind in (ReminderKind.ESCALATE_HEAD, ReminderKind.ESCALATE_OFFICE)
    audit_record(
        event_type=EventType.ESCALATION_SENT if escalation else EventType.REMINDER_SENT,
        actor=None,
        agency_code=reminder.agency.code if reminder.agency_id else "",
        target=_reminder_target(reminder),
        after={
            "kind": reminder.kind,
            "recipient": reminder.recipient.get_username(),
            "due_date": reminder.due_date.isoformat(),
            "in_app": preference.in_app,
            "email": preference.email and not preference.daily_digest,
        },
    )
    delay = settings.REMINDER_DELIVERY_DELAY_SECONDS
    if delay:  # fault-injection for the reliability suite; 0 in production
        logger.info("delivering reminder %s (delay %.1fs)", reminder.pk, delay)
        time.sleep(delay)


def reminders_sweep(*, now: datetime.datetime | None = None, batch: int = 100) -> int:
    """Deliver every due reminder, a batch per transaction; returns how many were sent."""
    with translation.override(settings.LANGUAGE_CODE):
        return _reminders_sweep(now=now or timezone.now(), batch=batch)


def _reminders_sweep(*, now: datetime.datetime, batch: int) -> int:
    sent = 0
    while True:
        with transaction.atomic():
            claimed = list(
                due_reminders(now=now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient", "agency", "task")[:batch]
            )
            for reminder in claimed:
                if not _still_concerned(reminder):
                    reminder.status = ReminderStatus.CANCELLED
                    reminder.last_error = "recipient no longer concerned"
                    reminder.save(update_fields=["status", "last_error"])
                    continue
                try:
                    with transaction.atomic():
                        _deliver(reminder)
                        reminder.status = ReminderStatus.SENT
                        reminder.sent_at = timezone.now()
                        reminder.attempts += 1
                        reminder.save(update_fields=["status", "sent_at", "attempts"])
                    sent += 1
                except Exception as exc:  # one bad row must not block the others
                    logger.exception("reminder %s failed", reminder.pk)
                    reminder.attempts += 1
                    reminder.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
                    backoff = datetime.timedelta(minutes=2 ** min(reminder.attempts, 8))
                    reminder.fire_at = now + backoff
                    if reminder.attempts >= DELIVERY_MAX_ATTEMPTS:
                        reminder.status = ReminderStatus.CANCELLED
                    reminder.save(update_fields=["attempts", "last_error", "fire_at", "status"])
        if len(claimed) < batch:
            return sent


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


def emails_retry_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Ids of queued e-mails whose (re)try time has come (lost or failed sends)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=2)
    return list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, next_try_at__lte=stale
        ).values_list("pk", flat=True)[:500]
    )


def digest_send(*, day: datetime.date) -> int:
    """One e-mail per digest user with the reminders delivered to them on ``day``."""
    with translation.override(settings.LANGUAGE_CODE):
        return _digest_send(day=day)


def _digest_send(*, day: datetime.date) -> int:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    count = 0
    for preference in NotificationPreference.objects.filter(
        daily_digest=True, email=True
    ).select_related("user"):
        reminders = list(
            PlannedReminder.objects.filter(
                recipient=preference.user,
                status=ReminderStatus.SENT,
                sent_at__gte=start,
                sent_at__lt=end,
            ).order_by("due_date")
        )
        if not reminders:
            continue
        lines = []
        for reminder in reminders:
            verb, description = _message(reminder)
            lines.append(f"- {verb}: {description} — {_absolute(reminder.link)}")
        with transaction.atomic():
            queued = email_queue(
                key=f"digest:{preference.user_id}:{day.isoformat()}",
                to=preference.user.email,
                subject=ngettext(
                    "[Tổng hợp nhắc việc] Ngày %(day)s: %(count)s việc",
                    "[Tổng hợp nhắc việc] Ngày %(day)s: %(count)s việc",
                    len(reminders),
                )
                % {"day": f"{day:%d/%m/%Y}", "count": len(reminders)},
                body=_("Các nhắc việc trong ngày:") + "\n\n" + "\n".join(lines) + "\n",
            )
        count += queued
    return count
