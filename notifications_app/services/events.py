"""Telling people what happened to work they are part of (not a task for them to do): the
Office's decision on an extension they asked for, their process closed, their assignment.

Written in the transaction of the workflow change, like the task alerts: one bell notification
per person who wants them in the app, an e-mail for those who want e-mail at once (people who
chose the daily digest get the bell only). Each notification is about a task (``target``), so
the bell shows it only while the person may still see that task's process, and about the
process (``action_object``), which sets these apart from task alerts: they are news, not work,
and stay unread until read (:func:`alerts_task_ended` marks only task alerts read).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from notifications.models import Notification

from notifications_app.models import NotificationPreference, OutgoingEmail
from notifications_app.signals import email_queued
from tasks_app.models import OFFICE_AGENCY_CODE, Agency, Membership, Role
from workflows.links import process_path
from workflows.models import (
    ActorRole,
    DirectiveProcess,
    ExtensionDecision,
    ExtensionProcess,
    Outcome,
    WorkflowTask,
)
from workflows.selectors import OPEN_TASK_STATUSES

from . import messages


def alerts_task_ended(*, task: WorkflowTask) -> int:
    """The task is done or cancelled: its alerts (new task, reminders) are no longer work for
    anyone, so they are marked read in every bell (one statement)."""
    return Notification.objects.filter(
        target_content_type=ContentType.objects.get_for_model(WorkflowTask),
        target_object_id=str(task.pk),
        action_object_content_type__isnull=True,
        unread=True,
    ).update(unread=False)


def _office_pk() -> int | None:
    return Agency.objects.filter(code=OFFICE_AGENCY_CODE).values_list("pk", flat=True).first()


def _email_wanted(preference: NotificationPreference, user) -> bool:
    return bool(preference.email and not preference.daily_digest and user.email)


def event_notify(*, task: WorkflowTask, process, recipients, verb: str, text: str, key: str) -> int:
    """Tell ``recipients`` (users; duplicates and inactive ones skipped) ``verb: text`` about
    ``task`` of ``process``; returns how many were told."""
    people = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in people:
            people[user.pk] = user
    if not people:
        return 0
    link = _process_link(process)
    preferences = {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=list(people))
    }
    office = _office_pk()
    now = timezone.now()
    notifications, emails = [], []
    for user in people.values():
        preference = preferences.get(user.pk) or NotificationPreference(user_id=user.pk)
        if preference.in_app:
            notifications.append(
                Notification(
                    recipient_id=user.pk,
                    actor_content_type=ContentType.objects.get_for_model(
                        Agency if office else type(user)
                    ),
                    actor_object_id=str(office or user.pk),
                    verb=verb[:255],
                    description=text,
                    target_content_type=ContentType.objects.get_for_model(WorkflowTask),
                    target_object_id=str(task.pk),
                    action_object_content_type=ContentType.objects.get_for_model(type(process)),
                    action_object_object_id=str(process.pk),
                    timestamp=now,
                    data={"link": link, "kind": "event", "event": key, "task": task.pk},
                )
            )
        if _email_wanted(preference, user):
            emails.append(
                OutgoingEmail(
                    key=f"event:{key}:t{task.pk}:u{user.pk}"[:120],
                    to=user.email,
                    subject=(_("[Thông báo] %(verb)s") % {"verb": verb})[:255],
                    body=messages.email_body(
                        name=user.get_full_name() or user.get_username(),
                        headline=verb,
                        text=text,
                        link=link,
                    ),
                    next_try_at=now,
                )
            )
    if notifications:
        Notification.objects.bulk_create(notifications)
    # one event happens once (a decision, a closing, a choice of officer): its keys are new
    email_ids = [email.pk for email in OutgoingEmail.objects.bulk_create(emails)] if emails else []
    if email_ids:
        transaction.on_commit(lambda: email_queued.send(sender=OutgoingEmail, email_ids=email_ids))
    return len(people)


def _process_link(process) -> str:
    flow = "extension" if isinstance(process, ExtensionProcess) else "directive"
    return process_path(process.pk, flow=flow)[:255]


def _day(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _closing_people(process: DirectiveProcess) -> tuple[WorkflowTask | None, list]:
    """The lead's acceptance step, and who hears that the process closed: the head who
    accepted (while still a head or deputy of the lead agency; else its heads) and the officer
    responsible (while still an officer there). Two queries."""
    accept = (
        WorkflowTask.objects.filter(
            process_id=process.pk, agency_id=process.lead_id, actor_role=ActorRole.HEAD
        )
        .select_related("owner")
        .order_by("pk")
        .first()
    )
    members = list(
        Membership.objects.filter(
            agency_id=process.lead_id,
            role__in=[Role.HEAD, Role.DEPUTY, Role.OFFICER],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
    )
    heads = [m.user for m in members if m.role in (Role.HEAD, Role.DEPUTY)]
    owner = accept.owner if accept is not None else None
    if owner in heads:
        people = [owner]
    else:
        people = [m.user for m in members if m.role == Role.HEAD] or heads
    people += [
        m.user for m in members if m.role == Role.OFFICER and m.user_id == process.officer_id
    ]
    return accept, people


def _in_project_language():
    return translation.override(settings.LANGUAGE_CODE)


def extension_decided(*, task: WorkflowTask) -> int:
    """The Office decided an extension request: tell the head who asked."""
    extension = ExtensionProcess.objects.select_related(
        "directive_process__directive__notice", "requested_by"
    ).get(pk=task.process_id)
    with _in_project_language():
        label = str(extension.directive_process)
        if extension.decision == ExtensionDecision.APPROVED:
            verb = _("Văn phòng Tỉnh ủy đồng ý gia hạn")
            text = _("%(process)s: hạn xử lý mới %(due)s") % {
                "process": label,
                "due": _day(extension.granted_due_date),
            }
        else:
            verb = _("Văn phòng Tỉnh ủy không đồng ý gia hạn")
            text = _("%(process)s: hạn xử lý giữ nguyên %(due)s") % {
                "process": label,
                "due": _day(extension.previous_due_date or extension.directive_process.due_date),
            }
        if extension.decision_reason:
            text = _("%(text)s; lý do: %(reason)s") % {
                "text": text,
                "reason": extension.decision_reason,
            }
        return event_notify(
            task=task,
            process=extension,
            recipients=[extension.requested_by],
            verb=verb,
            text=text,
            key=f"extension{extension.pk}:{extension.decision}",
        )


def officer_assigned(*, task: WorkflowTask) -> int:
    """The lead head accepted and chose the officer: tell the officer now, even when their
    report step opens only after coordination (an open report step is announced anyway)."""
    process = DirectiveProcess.objects.select_related("directive__notice", "officer").get(
        pk=task.process_id
    )
    if process.officer is None:
        return 0
    report_open = WorkflowTask.objects.filter(
        process_id=process.pk,
        actor_role=ActorRole.OFFICER,
        status__in=OPEN_TASK_STATUSES,
        owner=process.officer,
    ).exists()
    if report_open:
        return 0
    with _in_project_language():
        verb = _("Bạn được phân công thực hiện nhiệm vụ")
        text = _("%(process)s; bước báo cáo kết quả sẽ mở khi các cơ quan phối hợp gửi ý kiến") % {
            "process": str(process)
        }
        if process.due_date:
            text = _("%(text)s; %(due)s") % {
                "text": text,
                "due": messages.deadline_phrase(process.due_date, timezone.localdate()),
            }
        return event_notify(
            task=task,
            process=process,
            recipients=[process.officer],
            verb=verb,
            text=text,
            key=f"assigned{process.pk}:u{process.officer_id}",
        )


def process_closed(*, process: DirectiveProcess) -> int:
    """The process ended (completed by the Office, or cancelled): tell the lead agency's head
    who took it on and the officer responsible."""
    accept, people = _closing_people(process)
    if accept is None:
        return 0
    with _in_project_language():
        if process.outcome == Outcome.COMPLETED:
            verb = _("Nhiệm vụ đã hoàn thành")
            text = _("%(process)s: Văn phòng Tỉnh ủy đã thẩm định và kết thúc") % {
                "process": str(process)
            }
        else:
            verb = _("Nhiệm vụ đã bị hủy")
            text = str(process)
        return event_notify(
            task=accept,
            process=process,
            recipients=people,
            verb=verb,
            text=text,
            key=f"closed{process.pk}:{process.outcome}",
        )
