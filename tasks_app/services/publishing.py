"""The notice side of publishing a reviewed draft."""

from __future__ import annotations

import datetime

from django.utils import timezone

from audit.models import EventType
from audit.services import audit_record, target_of
from project.calendar import add_working_days
from project.exceptions import InvalidInput
from tasks_app.models import Assignment, DirectiveState, Notice
from tasks_app.permissions import require_notice_editor
from tasks_app.selectors import UserLike, notice_publish_summary

from .common import assignment_snapshot, audit_assignment, require_draft


def _expand(assignment: Assignment) -> list[Assignment]:
    """Replace a group-led assignment with one per member agency (kept in registry order)."""
    if assignment.lead_group_id is None:
        return [assignment]
    group = assignment.lead_group
    coordinators = list(assignment.coordinators.all())
    taken = set(
        Assignment.objects.filter(directive=assignment.directive, lead__isnull=False).values_list(
            "lead_id", flat=True
        )
    )
    created = []
    for agency in group.members.filter(is_active=True).order_by("code"):
        if agency.pk in taken:
            continue
        member = Assignment.objects.create(
            directive=assignment.directive,
            lead=agency,
            via_group=group,
            due_date=assignment.due_date,
            due_working_days=assignment.due_working_days,
            recurrence=assignment.recurrence,
            milestones=assignment.milestones,
        )
        member.coordinators.set([a for a in coordinators if a != agency])
        created.append(member)
    assignment.delete()
    return created


def notice_mark_published(
    *, notice: Notice, by: UserLike, today: datetime.date | None = None
) -> list[Assignment]:
    """The notice side of publishing a reviewed draft, in the caller's transaction.

    Locks the draft and refuses it, with every reason in one message, when a directive still
    needs review or has no lead, or a deadline is already past; then expands group leads into
    one assignment per member agency, turns working-day deadlines into dates, marks directives
    and notice published and audits it. Returns the assignments that need a process:
    ``workflows.services.notice_publish`` calls this and starts them in the same transaction.
    """
    require_notice_editor(user=by)
    notice = require_draft(notice)
    today = today or timezone.localdate()
    problems = notice_publish_summary(notice=notice, today=today).problems
    if problems:
        raise InvalidInput(" ".join(problems))
    directives = list(notice.directives.prefetch_related("assignments"))
    published: list[Assignment] = []
    for directive in directives:
        for assignment in list(directive.assignments.all()):
            for member in _expand(assignment):
                if member.due_working_days:
                    member.due_date = add_working_days(today, member.due_working_days)
                    member.save(update_fields=["due_date"])
                audit_assignment(
                    EventType.ASSIGNMENT_SAVED, member, by, after=assignment_snapshot(member)
                )
                published.append(member)
        directive.state = DirectiveState.PUBLISHED
        directive.save(update_fields=["state"])
    notice.status = Notice.Status.PUBLISHED
    notice.published_at = timezone.now()
    notice.save(update_fields=["status", "published_at"])
    audit_record(
        event_type=EventType.NOTICE_PUBLISHED,
        actor=by,
        target=target_of(notice, notice_id=notice.pk),
        after={"assignments": len(published), "directives": len(directives)},
    )
    return published
