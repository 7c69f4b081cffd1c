"""What the notice services share: text normalisation, the draft lock, assignment snapshots."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from audit.services import audit_record, target_of
from project.exceptions import InvalidInput
from tasks_app.models import Agency, AgencyGroup, Assignment, Notice
from tasks_app.selectors import UserLike

_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.M)
_BLANK_RUN = re.compile(r"\n{3,}")


def normalize_text(value: str | None) -> str:
    """The one stored form of a text a person edits: NFC, LF line ends, no spaces at the end
    of a line, no blank lines at the start or end, at most one blank line in a row.

    A browser sends a textarea back with CRLF line ends; normalising both what is stored and
    what comes back makes "save without change" change nothing.
    """
    text = unicodedata.normalize("NFC", value or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n").strip()


def normalize_line(value: str | None) -> str:
    """A one-line field: NFC, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def require_draft(notice: Notice) -> Notice:
    """Refuse changes to a published notice; the row lock makes edits and publishing take turns."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.DRAFT:
        raise InvalidInput(
            _("Thông báo %(number)s đã ban hành; không sửa được nữa.") % {"number": notice.number}
        )
    return notice


def assignment_snapshot(assignment: Assignment) -> dict:
    return {
        "lead": assignment.lead.code if assignment.lead_id else None,
        "lead_group": assignment.lead_group.code if assignment.lead_group_id else None,
        "via_group": assignment.via_group.code if assignment.via_group_id else None,
        "coordinators": sorted(assignment.coordinators.values_list("code", flat=True)),
        "due_date": assignment.due_date.isoformat() if assignment.due_date else None,
        "due_working_days": assignment.due_working_days,
        "recurrence": assignment.recurrence or None,
    }


def audit_assignment(
    event_type: str,
    assignment: Assignment,
    by: UserLike,
    *,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    directive = assignment.directive
    audit_record(
        event_type=event_type,
        actor=by,
        target=target_of(assignment, notice_id=directive.notice_id, directive_id=directive.pk),
        before=before,
        after=after,
    )


def resolve_lead(code: str) -> dict:
    """``{"lead": agency}`` or ``{"lead_group": group}`` for a code of the registry."""
    code = (code or "").strip()
    if not code:
        raise InvalidInput(_("Cần chọn cơ quan chủ trì."))
    agency = Agency.objects.filter(code=code).first()
    if agency is not None:
        if not agency.is_active:
            raise InvalidInput(
                _("%(agency)s đã thôi hoạt động; hãy giao cho %(successor)s.")
                % {"agency": agency.name, "successor": _successor_name(agency)}
            )
        return {"lead": agency}
    group = AgencyGroup.objects.filter(code=code).first()
    if group is not None:
        return {"lead_group": group}
    raise InvalidInput(
        _("Mã cơ quan hoặc nhóm không có trong danh mục: %(code)s.") % {"code": code}
    )


def _successor_name(agency: Agency) -> str:
    successor = agency.successor
    seen = {agency.pk}
    while successor is not None and successor.successor_id and successor.pk not in seen:
        seen.add(successor.pk)
        successor = successor.successor
    return successor.name if successor else _("cơ quan khác")


def resolve_agencies(codes: list[str]) -> list[Agency]:
    """Active agencies for codes; a group code stands for all its active members."""
    result: list[Agency] = []
    for code in codes:
        agency = Agency.objects.filter(code=code).first()
        if agency is not None:
            if not agency.is_active:
                raise InvalidInput(
                    _("%(agency)s đã thôi hoạt động; hãy chọn %(successor)s.")
                    % {"agency": agency.name, "successor": _successor_name(agency)}
                )
            members = [agency]
        else:
            group = AgencyGroup.objects.filter(code=code).first()
            if group is None:
                raise InvalidInput(
                    _("Mã cơ quan phối hợp không có trong danh mục: %(code)s.") % {"code": code}
                )
            members = list(group.members.filter(is_active=True).order_by("code"))
        result.extend(a for a in members if a not in result)
    return result
