"""A notice entered by hand in one call: its data and its directives with their assignments
(for systems that send a whole notice at once; the review page adds directives one by one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from audit.services import refusals_audited
from project.exceptions import PermissionRefused
from tasks_app.models import Notice
from tasks_app.selectors import UserLike

from .notices import NoticeInput, notice_create
from .review import AssignmentInput, directive_create


@dataclass(frozen=True)
class DirectiveInput:
    ref: str
    text: str
    assignments: Sequence[AssignmentInput] = field(default_factory=tuple)


@refusals_audited("notice.create", PermissionRefused)
@transaction.atomic
def notice_enter(
    *, data: NoticeInput, directives: Sequence[DirectiveInput], by: UserLike
) -> Notice:
    """Create a draft notice and all its directives, all or nothing (audited like the
    review page's manual entry)."""
    notice = notice_create(data=data, by=by)
    for item in directives:
        directive_create(
            notice=notice, by=by, ref=item.ref, text=item.text, assignments=item.assignments
        )
    return notice
