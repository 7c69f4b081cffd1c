"""Write-side services of tasks_app: importing, reviewing and publishing notices.

Every entry point (web pages, management commands, the API, tests) goes through these
functions; each checks who may act before changing anything, and each runs in one
transaction so that a refused or failed call changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import EventType
from audit.services import audit_record, refusals_audited, target_of
from project.calendar import add_working_days
from project.dates import (
    NOTICE_YEARS_AFTER,
    NOTICE_YEARS_BEFORE,
    date_refusal,
    require_date_in_range,
    require_working_days_in_range,
)
from project.exceptions import InvalidInput, PermissionRefused
from tasks_app.importing import parse_notice_text, read_notice
from tasks_app.importing.errors import NoticeImportError
from tasks_app.models import (
    Agency,
    AgencyGroup,
    AgencyKind,
    Assignment,
    Directive,
    DirectiveState,
    Notice,
    Recurrence,
)
from tasks_app.permissions import require_agency_editor, require_notice_editor
from tasks_app.registry import importer_registry
from tasks_app.selectors import UserLike


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


def _audit_assignment(
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


@dataclass(frozen=True)
class ParsedNotice:
    draft: object  # tasks_app.importing NoticeDraft
    text: str
    filename: str


def notice_parse(*, content: bytes | str, filename: str) -> ParsedNotice:
    """Read and parse a notice file without storing anything.

    Raises ``InvalidInput`` with a one-line Vietnamese reason on any unreadable input.
    """
    try:
        text = read_notice(content, filename=filename)
        draft = parse_notice_text(text, importer_registry())
    except NoticeImportError as exc:
        raise InvalidInput(str(exc)) from exc
    return ParsedNotice(draft=draft, text=text, filename=filename)


def _resolve_lead(code: str) -> dict:
    agency = Agency.objects.filter(code=code).first()
    if agency is not None:
        return {"lead": agency}
    group = AgencyGroup.objects.filter(code=code).first()
    if group is not None:
        return {"lead_group": group}
    raise InvalidInput(
        _("Mã cơ quan hoặc nhóm không có trong danh mục: %(code)s.") % {"code": code}
    )


def _resolve_agencies(codes: list[str]) -> list[Agency]:
    """Agencies for codes; a group code stands for all its members."""
    result: list[Agency] = []
    for code in codes:
        agency = Agency.objects.filter(code=code).first()
        if agency is not None:
            members = [agency]
        else:
            group = AgencyGroup.objects.filter(code=code).first()
            if group is None:
                raise InvalidInput(
                    _("Mã cơ quan phối hợp không có trong danh mục: %(code)s.") % {"code": code}
                )
            members = list(group.members.order_by("code"))
        result.extend(a for a in members if a not in result)
    return result


def _already_imported(number: str) -> str:
    return _("Thông báo số %(number)s đã được nhập trước đây; không nhập lại.") % {"number": number}


@refusals_audited("notice.import", PermissionRefused)
@transaction.atomic
def notice_draft_create(*, parsed: ParsedNotice, by: UserLike) -> Notice:
    """Store a parsed notice as a draft for the Office to review."""
    require_notice_editor(user=by)
    data = parsed.draft.to_json_dict()
    meta = data["notice"]
    number = (meta.get("number") or "").strip()
    if not number:
        raise InvalidInput(_("Không đọc được số hiệu thông báo (dòng “Số …”)."))
    if not meta.get("date"):
        raise InvalidInput(_("Không đọc được ngày ban hành (dòng “…, ngày … tháng … năm …”)."))
    if Notice.objects.filter(number=number).exists():
        raise InvalidInput(_already_imported(number))
    notice_date = datetime.date.fromisoformat(meta["date"])
    require_date_in_range(
        notice_date,
        label=_("Ngày ban hành"),
        years_before=NOTICE_YEARS_BEFORE,
        years_after=NOTICE_YEARS_AFTER,
    )
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                number=number,
                date=notice_date,
                issuer=meta.get("issuer") or "",
                title=meta.get("title") or "",
                signer=meta.get("signer") or "",
                signer_title=meta.get("signer_title") or "",
                recipients=meta.get("recipients") or [],
                source_text=parsed.text,
                source_filename=parsed.filename,
                imported_by=by,
            )
    except IntegrityError as exc:  # a concurrent import of the same number
        raise InvalidInput(_already_imported(number)) from exc
    for position, (item, extra) in enumerate(
        zip(data["directives"], parsed.draft.directives, strict=True)
    ):
        directive = Directive.objects.create(
            notice=notice,
            ref=item["ref"],
            position=position,
            text=item["text"],
            source=getattr(extra, "source", "") or item["text"],
            needs_review=item["needs_review"],
            review_reasons=list(getattr(extra, "review_reasons", []) or []),
        )
        for spec in item["assignments"]:
            due = datetime.date.fromisoformat(spec["due"]) if spec["due"] else None
            refusal = date_refusal(due, reference=notice.date, label=_("Hạn")) if due else ""
            if refusal:  # a misread deadline is left for the Office to set, never stored
                due = None
                directive.needs_review = True
                directive.review_reasons = [*directive.review_reasons, refusal]
                directive.save(update_fields=["needs_review", "review_reasons"])
            assignment = Assignment.objects.create(
                directive=directive,
                due_date=due,
                recurrence=spec["recurrence"] or "",
                **_resolve_lead(spec["lead"]),
            )
            coordinators = [
                a for a in _resolve_agencies(spec["coordinators"]) if a != assignment.lead
            ]
            assignment.coordinators.set(coordinators)
    audit_record(
        event_type=EventType.NOTICE_IMPORTED,
        actor=by,
        target=target_of(notice, notice_id=notice.pk),
        after={
            "number": notice.number,
            "filename": parsed.filename,
            "directives": notice.directives.count(),
            "needs_review": list(
                notice.directives.filter(needs_review=True).values_list("ref", flat=True)
            ),
        },
    )
    return notice


@refusals_audited("notice.import", PermissionRefused)
def notice_import(*, content: bytes | str, filename: str, by: UserLike) -> Notice:
    """Parse a notice file and store it as a draft (refused for non-Office users)."""
    require_notice_editor(user=by)
    return notice_draft_create(parsed=notice_parse(content=content, filename=filename), by=by)


def _require_draft(notice: Notice) -> None:
    """Refuse changes to a published notice; the row lock makes edits and publishing take turns."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.DRAFT:
        raise InvalidInput(
            _("Thông báo %(number)s đã ban hành; không sửa được nữa.") % {"number": notice.number}
        )


@refusals_audited("directive.update", PermissionRefused)
@transaction.atomic
def directive_update(*, directive: Directive, by: UserLike, text: str, reviewed: bool) -> Directive:
    require_notice_editor(user=by)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _require_draft(directive.notice)
    if not text.strip():
        raise InvalidInput(_("Nội dung nhiệm vụ không được để trống."))
    before = {"text": directive.text, "needs_review": directive.needs_review}
    directive.text = text.strip()
    if reviewed:
        directive.needs_review = False
    directive.save(update_fields=["text", "needs_review"])
    after = {"text": directive.text, "needs_review": directive.needs_review}
    if after != before:
        audit_record(
            event_type=EventType.DIRECTIVE_UPDATED,
            actor=by,
            target=target_of(directive, notice_id=directive.notice_id, directive_id=directive.pk),
            before=before,
            after=after,
        )
    return directive


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
    require_date_in_range(
        due_date, reference=notice_date, label=_("Hạn hoàn thành"), field="due_date"
    )
    if recurrence and recurrence not in Recurrence.values:
        raise InvalidInput(_("Định kỳ báo cáo không hợp lệ."))


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
    _require_draft(directive.notice)
    _validate_due(due_date, due_working_days, recurrence, notice_date=directive.notice.date)
    lead = _resolve_lead(lead_code)
    coordinators = _resolve_agencies(coordinator_codes)
    if lead.get("lead") in coordinators:
        raise InvalidInput(_("Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp."))
    if assignment is None:
        assignment, before = Assignment(directive=directive), None
    elif assignment.directive_id != directive.pk:
        raise InvalidInput(_("Phân công không thuộc nhiệm vụ này."))
    else:
        before = assignment_snapshot(assignment)
    assignment.lead = lead.get("lead")
    assignment.lead_group = lead.get("lead_group")
    assignment.due_date = due_date
    assignment.due_working_days = due_working_days
    assignment.recurrence = recurrence
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise InvalidInput(
            _("Nhiệm vụ mục %(ref)s đã có phân công cho %(lead)s.")
            % {"ref": directive.ref, "lead": lead_code}
        ) from exc
    assignment.coordinators.set(coordinators)
    _audit_assignment(
        EventType.ASSIGNMENT_SAVED,
        assignment,
        by,
        before=before,
        after=assignment_snapshot(assignment),
    )
    return assignment


@refusals_audited("assignment.delete", PermissionRefused)
@transaction.atomic
def assignment_delete(*, assignment: Assignment, by: UserLike) -> None:
    require_notice_editor(user=by)
    _require_draft(assignment.directive.notice)
    _audit_assignment(
        EventType.ASSIGNMENT_DELETED, assignment, by, before=assignment_snapshot(assignment)
    )
    assignment.delete()


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
        )
        member.coordinators.set([a for a in coordinators if a != agency])
        created.append(member)
    assignment.delete()
    return created


def notice_mark_published(
    *, notice: Notice, by: UserLike, today: datetime.date | None = None
) -> list[Assignment]:
    """The notice side of publishing a reviewed draft, in the caller's transaction.

    Locks the draft, checks it is complete, expands group leads into one assignment per member
    agency, turns working-day deadlines into dates, marks directives and notice published and
    audits it. Returns the assignments that need a process:
    ``workflows.services.notice_publish`` calls this and starts them in the same transaction.
    """
    require_notice_editor(user=by)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _require_draft(notice)
    directives = list(notice.directives.prefetch_related("assignments"))
    if not directives:
        raise InvalidInput(_("Thông báo không có nhiệm vụ nào để ban hành."))
    pending = [d.ref for d in directives if d.needs_review]
    if pending:
        raise InvalidInput(
            _("Còn nhiệm vụ cần rà soát trước khi ban hành: mục %(refs)s.")
            % {"refs": ", ".join(pending)}
        )
    empty = [d.ref for d in directives if not d.assignments.all()]
    if empty:
        raise InvalidInput(
            _("Nhiệm vụ chưa có cơ quan chủ trì: mục %(refs)s.") % {"refs": ", ".join(empty)}
        )
    out_of_range = [
        f"{d.ref}: {refusal}"
        for d in directives
        for a in d.assignments.all()
        if a.due_date is not None
        and (refusal := date_refusal(a.due_date, reference=notice.date, label=_("Hạn")))
    ]
    if out_of_range:
        raise InvalidInput(
            _("Sửa hạn hoàn thành trước khi ban hành — mục %(items)s")
            % {"items": "; ".join(out_of_range)}
        )
    today = today or timezone.localdate()
    published: list[Assignment] = []
    for directive in directives:
        for assignment in list(directive.assignments.all()):
            for member in _expand(assignment):
                if member.due_working_days:
                    member.due_date = add_working_days(today, member.due_working_days)
                    member.save(update_fields=["due_date"])
                _audit_assignment(
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


AGENCY_EDITABLE_FIELDS = ("name", "kind", "parent", "is_active")


def _agency_snapshot(agency: Agency) -> dict:
    return {
        "name": agency.name,
        "kind": agency.kind,
        "parent": agency.parent.code if agency.parent_id else None,
        "is_active": agency.is_active,
    }


@refusals_audited("agency.update", PermissionRefused)
@transaction.atomic
def agency_update(*, agency: Agency, by: UserLike, **changes) -> Agency:
    """Correct one agency of the registry (the Office); ``changes`` among
    ``name``, ``kind``, ``parent`` (an Agency or None) and ``is_active``."""
    require_agency_editor(user=by)
    unknown = set(changes) - set(AGENCY_EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Không sửa được trường: %(fields)s.") % {"fields": ", ".join(unknown)})
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = _agency_snapshot(agency)
    if "name" in changes:
        name = (changes["name"] or "").strip()
        if not name:
            raise InvalidInput(
                _("Tên cơ quan không được để trống."), fields={"name": [_("Bắt buộc.")]}
            )
        agency.name = name
    if "kind" in changes:
        if changes["kind"] not in AgencyKind.values:
            raise InvalidInput(
                _("Loại cơ quan không hợp lệ."), fields={"kind": [_("Không hợp lệ.")]}
            )
        agency.kind = changes["kind"]
    if "parent" in changes:
        parent = changes["parent"]
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == agency.pk:
                raise InvalidInput(
                    _("Cơ quan cấp trên không thể là chính nó hoặc một cơ quan cấp dưới của nó."),
                    fields={"parent": [_("Không hợp lệ.")]},
                )
            ancestor = ancestor.parent
        agency.parent = parent
    if "is_active" in changes:
        agency.is_active = bool(changes["is_active"])
    agency.save(update_fields=["name", "kind", "parent", "is_active"])
    after = _agency_snapshot(agency)
    if after != before:
        audit_record(
            event_type=EventType.AGENCY_UPDATED,
            actor=by,
            target=target_of(agency),
            before=before,
            after=after,
        )
    return agency
