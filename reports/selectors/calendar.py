"""The personal deadline calendar: a user's open deadlines, and the secret feed address."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from notifications_app.models import CalendarFeed
from project.links import absolute_url
from tasks_app.models import HEAD_ROLES
from tasks_app.selectors import (
    UserLike,
    user_agencies,
    user_is_office,
)
from workflows import selectors as workflow_selectors
from workflows.links import process_path
from workflows.models import (
    DirectiveProcess,
    ExtensionProcess,
    Outcome,
    WorkflowTask,
)

# --- calendar ---------------------------------------------------------------------------------


def calendar_feed_of(*, user: UserLike) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    if not token:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    day: datetime.date
    summary: str
    description: str
    url: str = ""
    path: str = ""  # the same page as ``url``, on this site (for links on pages)


def _open_tasks(user: UserLike) -> list[QuerySet[WorkflowTask]]:
    """Open tasks with a deadline given to the user, and those waiting in their queue (two
    disjoint sets: a queued task has no owner yet)."""
    return [
        workflow_selectors.tasks_inbox(user=user).filter(due_date__isnull=False),
        workflow_selectors.tasks_queue(user=user).filter(due_date__isnull=False),
    ]


def _overseen(user: UserLike) -> QuerySet[DirectiveProcess]:
    """Open processes whose deadline the user oversees: the Office every one, a head those
    their agency leads."""
    overseen = DirectiveProcess.objects.filter(outcome=Outcome.OPEN, due_date__isnull=False)
    if not user_is_office(user=user):
        overseen = overseen.filter(lead__in=user_agencies(user=user, roles=HEAD_ROLES))
    return overseen


def _between(start: datetime.date | None, end: datetime.date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(due_date__gte=start)
    if end is not None:
        q &= Q(due_date__lt=end)
    return q


def calendar_overdue_count(*, user: UserLike, today: datetime.date) -> int:
    """How many of :func:`calendar_items` fall before ``today`` (counted in the database)."""
    if user is None or not user.is_active:
        return 0
    tasks = sum(part.filter(due_date__lt=today).count() for part in _open_tasks(user))
    return tasks + _overseen(user).filter(due_date__lt=today).count()


def calendar_items(
    *,
    user: UserLike,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[CalendarItem]:
    """The user's deadlines: open tasks given to them or waiting in their queue; for heads the
    current deadlines of the processes their agency leads; for the Office, of every open
    process (it oversees them all). Only those due from ``start`` and before ``end`` when
    given (a month's page reads that month only, by the indexed deadlines)."""
    if user is None or not user.is_active:
        return []
    task_ids = set()
    for part in _open_tasks(user):
        task_ids.update(part.filter(_between(start, end)).values_list("pk", flat=True))
    tasks = list(
        WorkflowTask.objects.filter(pk__in=task_ids)
        .select_related("agency")
        .order_by("due_date", "pk")
    )
    directive_processes = {
        p.pk: p
        for p in DirectiveProcess.objects.filter(
            pk__in=[t.process_id for t in tasks]
        ).select_related("directive__notice", "lead")
    }
    extensions = {
        e.pk: e
        for e in ExtensionProcess.objects.filter(
            pk__in=[t.process_id for t in tasks]
        ).select_related("directive_process__directive__notice", "directive_process__lead")
    }
    items = []
    for task in tasks:
        process = directive_processes.get(task.process_id)
        extension = extensions.get(task.process_id)
        if process is None and extension is not None:
            process = extension.directive_process
        if process is None:
            continue
        title = str(getattr(task.flow_task, "task_title", "") or _("Việc cần xử lý"))
        directive = process.directive
        path = process_path(task.process_id, flow="extension" if extension else "directive")
        items.append(
            CalendarItem(
                uid=f"task-{task.pk}",
                day=task.due_date,
                summary=_("Hạn: %(step)s — %(number)s mục %(ref)s")
                % {"step": title, "number": directive.notice.number, "ref": directive.ref},
                description=_(
                    "%(step)s (%(agency)s). Nhiệm vụ: %(text)s Cơ quan chủ trì: %(lead)s."
                )
                % {
                    "step": title,
                    "agency": task.agency.name if task.agency_id else "",
                    "text": Truncator(" ".join(directive.text.split())).words(40, truncate=" …"),
                    "lead": process.lead.name,
                },
                url=absolute_url(path),
                path=path,
            )
        )
    overseen = _overseen(user).filter(_between(start, end))
    for process in overseen.select_related("directive__notice", "lead").order_by("due_date", "pk"):
        directive = process.directive
        items.append(
            CalendarItem(
                uid=f"process-{process.pk}",
                day=process.due_date,
                summary=_("Hạn nhiệm vụ %(number)s mục %(ref)s — %(lead)s")
                % {
                    "number": directive.notice.number,
                    "ref": directive.ref,
                    "lead": process.lead.name,
                },
                description=_("Nhiệm vụ: %(text)s Cơ quan chủ trì: %(lead)s.")
                % {
                    "text": Truncator(" ".join(directive.text.split())).words(40, truncate=" …"),
                    "lead": process.lead.name,
                },
                url=absolute_url(process_path(process.pk)),
                path=process_path(process.pk),
            )
        )
    items.sort(key=lambda item: (item.day, item.uid))
    return items
