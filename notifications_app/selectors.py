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


def unread_count(*, user: UserLike) -> int:
    """Unread notifications the user may see, counted up to ``BELL_CAP + 1`` (the bell shows
    "99+" beyond ``BELL_CAP``): the count never reads more rows than that."""
    unread = notifications_visible_to(user=user).filter(unread=True).order_by()
    return unread[: BELL_CAP + 1].count()
