"""Read side of notifications: what a user's list shows."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from notifications.models import Notification

from tasks_app.selectors import UserLike, is_signed_in, user_sees_everything
from workflows.models import WorkflowTask
from workflows.selectors import tasks_visible_to


def notifications_visible_to(*, user: UserLike) -> QuerySet:
    """The user's notifications, less those about a task of a process the user may no longer
    see (moved to another agency, replaced on the process): the one visibility rule of
    :func:`workflows.selectors.processes_visible_to`, applied to what was sent earlier."""
    if not is_signed_in(user):
        return Notification.objects.none()
    notifications = user.notifications.all()
    if user_sees_everything(user=user):
        return notifications
    visible = tasks_visible_to(user=user).annotate(key=Cast("pk", CharField())).values("key")
    about_tasks = Q(target_content_type=ContentType.objects.get_for_model(WorkflowTask))
    return notifications.exclude(about_tasks & ~Q(target_object_id__in=visible))
