"""Reviewing a draft: each directive with its assignments saved together, directives added by
hand or deleted. Every change is audited only when something really changed."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audit.models import EventType
from audit.services import audit_record, refusals_audited, target_of
from project.dates import require_date_in_range, require_working_days_in_range
from project.exceptions import InvalidInput, PermissionRefused
from tasks_app.models import Assignment, Directive, Notice, Recurrence
from tasks_app.permissions import require_notice_editor
from tasks_app.selectors import UserLike

from .common import (
    assignment_snapshot,
    audit_assignment,
    normalize_text,
    require_draft,
    resolve_agencies,
    resolve_lead,
)


@dataclass(frozen=True)
class AssignmentInput:
    """One assignment as the review form sends it. ``assignment_id`` is None for a new one;
    ``delete`` removes an existing one."""

    lead_code: str = ""
    coordinator_codes: Sequence[str] = field(default_factory=tuple)
    due_date: datetime.date | None = None
    due_working_days: int | None = None
    recurrence: str = ""
    assignment_id: int | None = None
    delete: bool = False


def _validate_due(
    due_date: datetime.date | None,
    due_working_days: int | None,
    recurrence: str,
    *,
    notice_date: datetime.date | None,
) -> None:
    if due_date and due_working_days:
        raise InvalidInput(_("Chọn hạn theo ngày hoặc theo số ngày làm việc, không chọn cả hai."))
    if due_working_days is not None and due_working_days <= 0:
        raise InvalidInput(_("Số ngày làm việc phải lớn hơn 0."))
    require_working_days_in_range(due_working_days, field="due_working_days")
    require_date_in_range(due_date, reference=notice_date, label=_("Hạn xử lý"), field="due_date")
    if due_date and notice_date and due_date < notice_date:
        message = _(
            "Hạn xử lý %(due)s trước ngày ban hành thông báo (%(date)s); hãy chọn ngày từ "
            "%(date)s trở đi."
        ) % {"due": f"{due_date:%d/%m/%Y}", "date": f"{notice_date:%d/%m/%Y}"}
        raise InvalidInput(message, fields={"due_date": message})
    if recurrence and recurrence not in Recurrence.values:
        raise InvalidInput(_("Định kỳ báo cáo không hợp lệ."))


def _apply_assignment(*, directive: Directive, data: AssignmentInput, by: UserLike) -> Assignment:
    """Create or correct one assignment of a (locked, draft) directive; audited if changed."""
    _validate_due(
        data.due_date,
        data.due_working_days,
        data.recurrence or "",
        notice_date=directive.notice.date,
    )
    lead = resolve_lead(data.lead_code)
    coordinators = resolve_agencies(list(data.coordinator_codes))
    if lead.get("lead") in coordinators:
        raise InvalidInput(_("Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp."))
    if data.assignment_id is None:
        assignment, before = Assignment(directive=directive), None
    else:
        assignment = Assignment.objects.filter(pk=data.assignment_id, directive=directive).first()
        if assignment is None:
            raise InvalidInput(_("Phân công không thuộc nhiệm vụ này."))
        before = assignment_snapshot(assignment)
    assignment.lead = lead.get("lead")
    assignment.lead_group = lead.get("lead_group")
    assignment.due_date = data.due_date
    assignment.due_working_days = data.due_working_days
    assignment.recurrence = data.recurrence or ""
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise InvalidInput(
            _("Nhiệm vụ mục %(ref)s đã có phân công cho %(lead)s.")
            % {"ref": directive.ref, "lead": assignment.lead_label}
        ) from exc
    assignment.coordinators.set(coordinators)
    after = assignment_snapshot(assignment)
    if after != before:
        audit_assignment(EventType.ASSIGNMENT_SAVED, assignment, by, before=before, after=after)
    return assignment


def _delete_assignment(*, assignment: Assignment, by: UserLike) -> None:
    audit_assignment(
        EventType.ASSIGNMENT_DELETED, assignment, by, before=assignment_snapshot(assignment)
    )
    assignment.delete()


def _audit_directive(directive: Directive, by: UserLike, event_type: str, **sides) -> None:
    audit_record(
        event_type=event_type,
        actor=by,
        target=target_of(directive, notice_id=directive.notice_id, directive_id=directive.pk),
        **sides,
    )


def _set_text(directive: Directive, *, text: str, reviewed: bool, by: UserLike) -> None:
    text = normalize_text(text)
    if not text:
        raise InvalidInput(
            _("Nội dung nhiệm vụ mục %(ref)s không được để trống.") % {"ref": directive.ref},
            fields={"text": [_("Nội dung nhiệm vụ không được để trống.")]},
        )
    before = {"text": directive.text, "needs_review": directive.needs_review}
    directive.text = text
    directive.needs_review = not reviewed
    after = {"text": directive.text, "needs_review": directive.needs_review}
    if after == before:
        return
    directive.save(update_fields=["text", "needs_review"])
    changed = [k for k in after if after[k] != before[k]]
    _audit_directive(
        directive,
        by,
        EventType.DIRECTIVE_UPDATED,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )


def _apply_assignments(
    *, directive: Directive, assignments: Sequence[AssignmentInput], by: UserLike
) -> None:
    """Deletions first (they may free a lead another row takes), then corrections, then new
    rows; a row without a lead that is new is an unused blank and is skipped."""
    for data in assignments:
        if data.delete and data.assignment_id is not None:
            assignment = Assignment.objects.filter(
                pk=data.assignment_id, directive=directive
            ).first()
            if assignment is None:
                raise InvalidInput(_("Phân công không thuộc nhiệm vụ này."))
            _delete_assignment(assignment=assignment, by=by)
    for data in assignments:
        if data.delete:
            continue
        if data.assignment_id is None and not data.lead_code:
            continue
        _apply_assignment(directive=directive, data=data, by=by)


@refusals_audited("directive.save", PermissionRefused)
@transaction.atomic
def directive_save(
    *,
    directive: Directive,
    by: UserLike,
    text: str,
    reviewed: bool,
    assignments: Sequence[AssignmentInput] = (),
) -> Directive:
    """Save one directive of a draft as the review page shows it: its text, whether it has
    been reviewed, and its assignments (corrected, added, deleted), all or nothing."""
    require_notice_editor(user=by)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    require_draft(directive.notice)
    _apply_assignments(directive=directive, assignments=assignments, by=by)
    _set_text(directive, text=text, reviewed=reviewed, by=by)
    return directive


@refusals_audited("directive.update", PermissionRefused)
@transaction.atomic
def directive_update(*, directive: Directive, by: UserLike, text: str, reviewed: bool) -> Directive:
    """Correct a draft directive's text and reviewed flag (its assignments unchanged)."""
    return directive_save(directive=directive, by=by, text=text, reviewed=reviewed)


@refusals_audited("assignment.save", PermissionRefused)
@transaction.atomic
def assignment_save(
    *,
    directive: Directive,
    by: UserLike,
    lead_code: str,
    coordinator_codes: list[str],
    due_date: datetime.date | None = None,
    due_working_days: int | None = None,
    recurrence: str = "",
    assignment: Assignment | None = None,
) -> Assignment:
    """Create or correct one assignment of a draft directive."""
    require_notice_editor(user=by)
    require_draft(directive.notice)
    return _apply_assignment(
        directive=directive,
        by=by,
        data=AssignmentInput(
            lead_code=lead_code,
            coordinator_codes=coordinator_codes,
            due_date=due_date,
            due_working_days=due_working_days,
            recurrence=recurrence,
            assignment_id=assignment.pk if assignment is not None else None,
        ),
    )


@refusals_audited("assignment.delete", PermissionRefused)
@transaction.atomic
def assignment_delete(*, assignment: Assignment, by: UserLike) -> None:
    require_notice_editor(user=by)
    require_draft(assignment.directive.notice)
    _delete_assignment(assignment=assignment, by=by)


_INTEGER = re.compile(r"^\d+$")


def _next_ref(notice: Notice) -> str:
    numbers = [
        int(ref) for ref in notice.directives.values_list("ref", flat=True) if _INTEGER.match(ref)
    ]
    return str(max(numbers, default=0) + 1)


@refusals_audited("directive.create", PermissionRefused)
@transaction.atomic
def directive_create(
    *,
    notice: Notice,
    by: UserLike,
    text: str,
    assignments: Sequence[AssignmentInput] = (),
    ref: str = "",
) -> Directive:
    """Add a directive to a draft by hand (an item the importer missed, or every item of a
    notice entered by hand). Without ``ref`` it takes the next item number."""
    require_notice_editor(user=by)
    notice = require_draft(notice)
    ref = " ".join((ref or "").split()) or _next_ref(notice)
    if len(ref) > Directive._meta.get_field("ref").max_length:
        raise InvalidInput(_("Số mục quá dài."), fields={"ref": [_("Số mục quá dài.")]})
    if notice.directives.filter(ref=ref).exists():
        raise InvalidInput(
            _("Văn bản đã có mục %(ref)s.") % {"ref": ref},
            fields={"ref": [_("Mục này đã có.")]},
        )
    text = normalize_text(text)
    if not text:
        raise InvalidInput(
            _("Nội dung nhiệm vụ không được để trống."),
            fields={"text": [_("Nội dung nhiệm vụ không được để trống.")]},
        )
    position = (notice.directives.aggregate(last=Max("position"))["last"] or 0) + 1
    directive = Directive.objects.create(
        notice=notice, ref=ref, position=position, text=text, source="", needs_review=False
    )
    _audit_directive(
        directive, by, EventType.DIRECTIVE_CREATED, after={"ref": ref, "text": directive.text}
    )
    _apply_assignments(directive=directive, assignments=assignments, by=by)
    return directive


@refusals_audited("directive.delete", PermissionRefused)
@transaction.atomic
def directive_delete(*, directive: Directive, by: UserLike) -> None:
    """Delete a directive of a draft (a requirement or criterion the importer took for a task);
    its assignments go with it."""
    require_notice_editor(user=by)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    require_draft(directive.notice)
    _audit_directive(
        directive,
        by,
        EventType.DIRECTIVE_DELETED,
        before={
            "ref": directive.ref,
            "text": directive.text,
            "assignments": [assignment_snapshot(a) for a in directive.assignments.all()],
        },
    )
    directive.delete()
