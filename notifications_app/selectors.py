"""Read side of notifications: what a user's list shows."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Case, Exists, OuterRef, Q, QuerySet, When
from django.db.models.functions import Cast
from notifications.models import Notification

from tasks_app.selectors import UserLike, is_signed_in, user_sees_everything
from workflows.models import WorkflowTask
from workflows.selectors import tasks_visible_to

#: The bell counts unread notifications up to this many, and then says "99+".
BELL_CAP = 99

#: The task a notification is about, read from its target id only when that is a number.
_TARGET_ID = Case(
    When(
        target_object_id__regex=r"^[0-9]{1,18}$",
        then=Cast("target_object_id", BigIntegerField()),
    ),
    default=None,
)


def notifications_visible_to(*, user: UserLike) -> QuerySet:
    """The user's notifications, less those about a task of a process the user may no longer
    see (moved to another agency, replaced on the process): the one visibility rule of
    :func:`workflows.selectors.processes_visible_to`, applied to what was sent earlier.

    Each notification about a task is checked against that one task (an ``EXISTS`` through
    the task's primary key), so the cost follows the user's notifications, not every task the
    user may see.
    """
    if not is_signed_in(user):
        return Notification.objects.none()
    notifications = user.notifications.all()
    if user_sees_everything(user=user):
        return notifications
    about_tasks = Q(target_content_type=ContentType.objects.get_for_model(WorkflowTask))
    visible = Exists(tasks_visible_to(user=user).filter(pk=OuterRef("task_key")).order_by())
    return notifications.alias(task_key=_TARGET_ID).filter(~about_tasks | visible)


#: The bell reads at most this many unread notifications (newest first) to count them.
_BELL_READ = 500


def unread_count(*, user: UserLike) -> int:
    """Unread notifications the user may see, counted up to ``BELL_CAP + 1`` (the bell shows
    "99+" beyond ``BELL_CAP``).

    Two short reads whatever the history: the newest unread notifications (at most
    ``_BELL_READ``), then which of the tasks they are about the user may still see, by those
    tasks' keys (a single query with an ``EXISTS`` lets the planner hash every task the user
    may see instead). Exact up to ``_BELL_READ`` unread; beyond, the bell says "99+" unless
    nearly all of them are about tasks the user may no longer see.
    """
    if not is_signed_in(user):
        return 0
    unread = list(
        user.notifications.filter(unread=True)
        .order_by("-pk")
        .values_list("target_content_type_id", "target_object_id")[:_BELL_READ]
    )
    if user_sees_everything(user=user):
        return min(len(unread), BELL_CAP + 1)
    task_type = ContentType.objects.get_for_model(WorkflowTask).pk
    task_ids = {
        int(target)
        for kind, target in unread
        if kind == task_type and target and target.isdigit() and len(target) <= 18
    }
    visible = set(
        tasks_visible_to(user=user).filter(pk__in=task_ids).values_list("pk", flat=True)
        if task_ids
        else ()
    )
    count = sum(
        1
        for kind, target in unread
        if kind != task_type or (target and target.isdigit() and int(target) in visible)
    )
    return min(count, BELL_CAP + 1)
