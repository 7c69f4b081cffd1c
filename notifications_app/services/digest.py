"""The daily digest: one e-mail a morning per person who chose it, instead of one per message.

It lists the person's open tasks in three parts — new since the previous digest, due within
three working days, overdue — each task once, in its most urgent part. It is idempotent: one
e-mail per person and day (a unique key), however often it runs.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications_app.models import Delivery, NotificationPreference
from project.calendar import add_working_days
from tasks_app.models import Membership
from workflows.models import WorkflowTask
from workflows.permissions import responsible_users_by_task
from workflows.selectors import OPEN_TASK_STATUSES

from . import messages
from .context import task_infos
from .emails import email_queue
from .schedule import local_time

DUE_SOON_WORKING_DAYS = 3


def digest_send(*, day: datetime.date) -> int:
    """Queue the digest of ``day`` (sent that morning) for every person who chose it; returns
    how many were queued now (0 for people already sent theirs, or with nothing to report)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _digest_send(day=day)


def _digest_send(*, day: datetime.date) -> int:
    preferences = NotificationPreference.objects.filter(
        daily_digest=True, email=True, user__is_active=True
    ).exclude(user__email="")
    users = {p.user_id: p.user for p in preferences.select_related("user")}
    if not users:
        return 0
    sections = _sections(users=users, day=day)
    count = 0
    for user_pk, parts in sections.items():
        user = users[user_pk]
        total = sum(len(items) for items in parts.values())
        lines = []
        for heading, items in (
            (_("Quá hạn"), parts["overdue"]),
            (_("Sắp đến hạn"), parts["soon"]),
            (_("Việc mới"), parts["new"]),
        ):
            if items:
                lines.append(f"{heading} ({len(items)}):")
                lines.extend(items)
                lines.append("")
        with transaction.atomic():
            count += email_queue(
                key=f"digest:{user_pk}:{day.isoformat()}",
                to=user.email,
                subject=ngettext(
                    "[Tổng hợp công việc] Ngày %(day)s: %(count)s việc",
                    "[Tổng hợp công việc] Ngày %(day)s: %(count)s việc",
                    total,
                )
                % {"day": f"{day:%d/%m/%Y}", "count": total},
                body=_("Kính gửi %(name)s,\n\nCông việc của bạn hôm nay:")
                % {"name": user.get_full_name() or user.get_username()}
                + "\n\n"
                + "\n".join(lines)
                + _("Văn phòng Tỉnh ủy (thư tự động, xin không trả lời).")
                + "\n",
            )
    return count


def _sections(*, users: dict, day: datetime.date) -> dict[int, dict[str, list[str]]]:
    """Per person: lines of their overdue, due-soon and new open tasks."""
    horizon = add_working_days(day, DUE_SOON_WORKING_DAYS)
    new_tasks: dict[int, set[int]] = defaultdict(set)
    for user_pk, task_pk in Delivery.objects.filter(
        recipient_id__in=users,
        kind__in=messages.ANNOUNCEMENTS,
        sent_at__gte=local_time(day - datetime.timedelta(days=1)),
        sent_at__lt=local_time(day),
    ).values_list("recipient_id", "task_id"):
        new_tasks[user_pk].add(task_pk)
    agencies = Membership.objects.filter(user_id__in=users).values("agency_id")
    tasks = (
        WorkflowTask.objects.filter(status__in=OPEN_TASK_STATUSES, flow_task_type="HUMAN")
        .filter(
            Q(due_date__lte=horizon, agency_id__in=agencies)
            | Q(pk__in={pk for pks in new_tasks.values() for pk in pks})
        )
        .select_related("agency", "owner")
    )
    tasks = list(tasks)
    responsible = responsible_users_by_task(tasks)
    info = task_infos(tasks)
    sections: dict[int, dict[str, list[str]]] = {}
    for task in sorted(tasks, key=lambda t: (t.due_date or datetime.date.max, t.pk)):
        task_info = info[task.pk]
        line = (
            f"- {task_info.title} ({task_info.agency_name}) — "
            f"{messages.deadline_phrase(task.due_date, day)} — {messages.absolute(task_info.link)}"
        )
        for user in responsible[task.pk]:
            if user.pk not in users:
                continue
            if task.due_date is not None and task.due_date < day:
                part = "overdue"
            elif task.due_date is not None and task.due_date <= horizon:
                part = "soon"
            elif task.pk in new_tasks[user.pk]:
                part = "new"
            else:
                continue
            sections.setdefault(user.pk, {"overdue": [], "soon": [], "new": []})[part].append(line)
    return sections
