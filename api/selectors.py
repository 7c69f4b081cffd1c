"""What each user may read through the API, built on the workflow's own visibility rules."""

from __future__ import annotations

from django.db.models import QuerySet

from tasks_app.models import Assignment, Directive, Notice
from tasks_app.selectors import UserLike, is_signed_in, user_sees_everything
from workflows.selectors import processes_visible_to


def notices_visible_to(*, user: UserLike) -> QuerySet[Notice]:
    """The Office, auditors and administrators: every notice (drafts too); others: the notices
    with a process they may see."""
    if not is_signed_in(user):
        return Notice.objects.none()
    if user_sees_everything(user=user):
        return Notice.objects.all()
    return Notice.objects.filter(
        pk__in=processes_visible_to(user=user).values("directive__notice_id")
    )


def directives_visible_to(*, user: UserLike) -> QuerySet[Directive]:
    if not is_signed_in(user):
        return Directive.objects.none()
    if user_sees_everything(user=user):
        return Directive.objects.all()
    return Directive.objects.filter(pk__in=processes_visible_to(user=user).values("directive_id"))


def assignments_visible_to(*, user: UserLike) -> QuerySet[Assignment]:
    """Assignments (draft ones for those who see everything) whose process ``user`` may see."""
    if not is_signed_in(user):
        return Assignment.objects.none()
    if user_sees_everything(user=user):
        return Assignment.objects.all()
    return Assignment.objects.filter(pk__in=processes_visible_to(user=user).values("assignment_id"))
