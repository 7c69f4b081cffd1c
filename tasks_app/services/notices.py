"""Notices in: read a file (or its OCR text) into a draft, or enter one by hand; correct the
notice's own data while it is a draft."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import EventType
from audit.services import audit_record, refusals_audited, target_of
from project.dates import (
    NOTICE_YEARS_AFTER,
    NOTICE_YEARS_BEFORE,
    date_refusal,
    require_date_in_range,
)
from project.exceptions import InvalidInput, PermissionRefused
from project.uploads import ZIP_MAGIC, archive_validate
from tasks_app.importing import NoticeDraft, OcrRequired, needs_ocr, parse_notice_text, read_notice
from tasks_app.importing.errors import NoticeImportError
from tasks_app.models import (
    INSTRUCTION_NUMBER_PREFIX,
    Assignment,
    Directive,
    Notice,
    NoticeKind,
    NoticeOrigin,
)
from tasks_app.permissions import require_notice_editor
from tasks_app.registry import importer_registry
from tasks_app.selectors import UserLike

from .common import normalize_line, normalize_text, require_draft, resolve_agencies, resolve_lead


@dataclass(frozen=True)
class ParsedNotice:
    draft: NoticeDraft
    text: str
    filename: str
    scanned: bool = False


def notice_parse(
    *,
    content: bytes | str,
    filename: str,
    ocr: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedNotice:
    """Read and parse a notice file without storing anything.

    A scan is read through OCR (``progress(done, total)`` after each page); with ``ocr=False``
    it raises ``OcrRequired`` instead. Any unreadable input raises ``InvalidInput`` with a
    one-line Vietnamese reason.
    """
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    if data.startswith(ZIP_MAGIC):  # a Word file: its size once unpacked is checked first
        try:
            archive_validate(data, name=filename.rsplit("/", 1)[-1] or "tệp", extension="docx")
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages)) from exc
    try:
        scanned = bool(data) and needs_ocr(data, filename)
        text = read_notice(data, filename=filename, ocr=ocr, progress=progress)
        draft = parse_notice_text(text, importer_registry(), scanned=scanned)
    except OcrRequired:
        raise
    except NoticeImportError as exc:
        raise InvalidInput(str(exc)) from exc
    return ParsedNotice(draft=draft, text=text, filename=filename, scanned=scanned)


class NoticeAlreadyImported(InvalidInput):
    """The notice's number is taken: ``notice`` is the one imported before (the page links to
    its draft or its published page)."""

    code = "notice_already_imported"

    def __init__(self, number: str, notice: Notice | None = None):
        super().__init__(
            _("Thông báo số %(number)s đã được nhập trước đây; không nhập lại.")
            % {"number": number}
        )
        self.notice = notice


def _already_imported(number: str) -> NoticeAlreadyImported:
    return NoticeAlreadyImported(number, Notice.objects.filter(number=number).first())


def _milestones(spec: dict) -> list[dict]:
    return [{"date": m["date"], "text": m["text"]} for m in spec.get("milestones") or []]


@refusals_audited("notice.import", PermissionRefused)
@transaction.atomic
def notice_draft_create(*, parsed: ParsedNotice, by: UserLike) -> Notice:
    """Store a parsed notice as a draft for the Office to review."""
    require_notice_editor(user=by)
    data = parsed.draft.to_json_dict()
    meta = data["notice"]
    number = normalize_line(meta.get("number"))
    if not number:
        raise InvalidInput(_("Không đọc được số hiệu thông báo (dòng “Số …”)."))
    if not meta.get("date"):
        raise InvalidInput(_("Không đọc được ngày ban hành (dòng “…, ngày … tháng … năm …”)."))
    if Notice.objects.filter(number=number).exists():
        raise _already_imported(number)
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
                issuer=normalize_line(meta.get("issuer")),
                title=normalize_text(meta.get("title")),
                signer=normalize_line(meta.get("signer")),
                signer_title=normalize_line(meta.get("signer_title")),
                recipients=meta.get("recipients") or [],
                source_text=parsed.text,
                source_filename=parsed.filename,
                origin=NoticeOrigin.SCAN if parsed.scanned else NoticeOrigin.FILE,
                review_reasons=list(parsed.draft.review_reasons or []),
                imported_by=by,
            )
    except IntegrityError as exc:  # a concurrent import of the same number
        raise _already_imported(number) from exc
    for position, (item, extra) in enumerate(
        zip(data["directives"], parsed.draft.directives, strict=True)
    ):
        directive = Directive.objects.create(
            notice=notice,
            ref=item["ref"],
            position=position,
            text=normalize_text(item["text"]),
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
                milestones=_milestones(spec),
                **resolve_lead(spec["lead"]),
            )
            coordinators = [
                a for a in resolve_agencies(spec["coordinators"]) if a != assignment.lead
            ]
            assignment.coordinators.set(coordinators)
    audit_record(
        event_type=EventType.NOTICE_IMPORTED,
        actor=by,
        target=target_of(notice, notice_id=notice.pk),
        after={
            "number": notice.number,
            "filename": parsed.filename,
            "source": notice.origin,
            "directives": notice.directives.count(),
            "needs_review": list(
                notice.directives.filter(needs_review=True).values_list("ref", flat=True)
            ),
        },
    )
    return notice


@refusals_audited("notice.import", PermissionRefused)
def notice_import(*, content: bytes | str, filename: str, by: UserLike) -> Notice:
    """Parse a notice file and store it as a draft (refused for non-Office users); a scan is
    read through OCR here, in the caller (a command; web pages use ``notice_upload``)."""
    require_notice_editor(user=by)
    return notice_draft_create(parsed=notice_parse(content=content, filename=filename), by=by)


# --- by hand ------------------------------------------------------------------------------


_NUMBER_RE = re.compile(rf"^{re.escape(INSTRUCTION_NUMBER_PREFIX)}-(\d{{4}})-(\d+)$")


def instruction_number(*, year: int) -> str:
    """The next number for an instruction without one of its own: ``YKCĐ-<year>-<nnn>``."""
    taken = [
        int(match.group(2))
        for number in Notice.objects.filter(
            number__startswith=f"{INSTRUCTION_NUMBER_PREFIX}-{year}-"
        ).values_list("number", flat=True)
        if (match := _NUMBER_RE.match(number))
    ]
    return f"{INSTRUCTION_NUMBER_PREFIX}-{year}-{max(taken, default=0) + 1:03d}"


@dataclass(frozen=True)
class NoticeInput:
    """What a person types for a notice: kind, number (may be empty for an instruction), date,
    issuer, title, signer."""

    kind: str
    number: str
    date: datetime.date | None
    issuer: str
    title: str
    signer: str = ""
    signer_title: str = ""


def _clean_notice_input(data: NoticeInput, *, today: datetime.date) -> dict:
    if data.kind not in NoticeKind.values:
        raise InvalidInput(_("Loại văn bản không hợp lệ."), fields={"kind": [_("Chọn loại.")]})
    number = normalize_line(data.number)
    if not number and data.kind == NoticeKind.CONCLUSION:
        raise InvalidInput(
            _("Cần nhập số hiệu thông báo (ví dụ 142-TB/TU)."),
            fields={"number": [_("Cần nhập số hiệu.")]},
        )
    if number.upper().startswith(INSTRUCTION_NUMBER_PREFIX + "-"):
        raise InvalidInput(
            _("Số hiệu bắt đầu bằng “%(prefix)s-” do hệ thống tự cấp; hãy để trống.")
            % {"prefix": INSTRUCTION_NUMBER_PREFIX},
            fields={"number": [_("Để trống để hệ thống tự cấp số.")]},
        )
    if data.date is None:
        raise InvalidInput(_("Cần nhập ngày ban hành."), fields={"date": [_("Cần nhập ngày.")]})
    if data.date > today:
        raise InvalidInput(
            _("Ngày ban hành %(date)s chưa đến; hãy kiểm tra lại.")
            % {"date": f"{data.date:%d/%m/%Y}"},
            fields={"date": [_("Ngày ban hành không được sau hôm nay.")]},
        )
    title = normalize_text(data.title)
    if not title:
        raise InvalidInput(
            _("Cần nhập trích yếu (nội dung chính của văn bản)."),
            fields={"title": [_("Cần nhập trích yếu.")]},
        )
    issuer = normalize_line(data.issuer)
    if not issuer:
        raise InvalidInput(
            _("Cần nhập cơ quan ban hành (ví dụ Tỉnh ủy Tiền Giang)."),
            fields={"issuer": [_("Cần nhập cơ quan ban hành.")]},
        )
    return {
        "kind": data.kind,
        "number": number,
        "date": data.date,
        "issuer": issuer,
        "title": title,
        "signer": normalize_line(data.signer),
        "signer_title": normalize_line(data.signer_title),
    }


def _number_taken(number: str) -> InvalidInput:
    return InvalidInput(
        _("Số hiệu %(number)s đã có trong hệ thống.") % {"number": number},
        fields={"number": [_("Số hiệu này đã có.")]},
    )


@refusals_audited("notice.create", PermissionRefused)
@transaction.atomic
def notice_create(*, data: NoticeInput, by: UserLike, today: datetime.date | None = None) -> Notice:
    """The Office enters a notice, or an instruction given at a meeting, by hand.

    It starts as an empty draft; directives are added on the review page and it is published
    like an imported one. An instruction without a number of its own gets ``YKCĐ-<year>-<nnn>``
    (the year of its date, numbered in order).
    """
    require_notice_editor(user=by)
    values = _clean_notice_input(data, today=today or timezone.localdate())
    generated = not values["number"]
    for _attempt in range(5):
        if generated:
            values["number"] = instruction_number(year=values["date"].year)
        elif Notice.objects.filter(number=values["number"]).exists():
            raise _number_taken(values["number"])
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    **values, origin=NoticeOrigin.MANUAL, imported_by=by, source_text=""
                )
            break
        except IntegrityError as exc:  # taken meanwhile by a concurrent entry
            if not generated:
                raise _number_taken(values["number"]) from exc
    else:  # pragma: no cover - five concurrent entries in the same instant
        raise InvalidInput(_("Không cấp được số hiệu; hãy thử lại."))
    audit_record(
        event_type=EventType.NOTICE_IMPORTED,
        actor=by,
        target=target_of(notice, notice_id=notice.pk),
        after={
            "number": notice.number,
            "source": notice.origin,
            "kind": notice.kind,
            "date": notice.date.isoformat(),
            "directives": 0,
        },
    )
    return notice


def _notice_values(notice: Notice) -> dict:
    return {
        "kind": notice.kind,
        "number": notice.number,
        "date": notice.date.isoformat(),
        "issuer": notice.issuer,
        "title": notice.title,
        "signer": notice.signer,
        "signer_title": notice.signer_title,
    }


@refusals_audited("notice.update", PermissionRefused)
@transaction.atomic
def notice_update(
    *, notice: Notice, data: NoticeInput, by: UserLike, today: datetime.date | None = None
) -> Notice:
    """Correct a draft's own data (a number or date misread from a scan, a typo)."""
    require_notice_editor(user=by)
    notice = require_draft(notice)
    values = _clean_notice_input(data, today=today or timezone.localdate())
    if not values["number"]:
        if notice.kind == NoticeKind.INSTRUCTION and _NUMBER_RE.match(notice.number):
            values["number"] = notice.number  # keeps the number it was given
        else:
            values["number"] = instruction_number(year=values["date"].year)
    if Notice.objects.filter(number=values["number"]).exclude(pk=notice.pk).exists():
        raise _number_taken(values["number"])
    before = _notice_values(notice)
    for field, value in values.items():
        setattr(notice, field, value)
    after = _notice_values(notice)
    if after == before:
        return notice
    try:
        with transaction.atomic():
            notice.save(update_fields=list(values))
    except IntegrityError as exc:
        raise _number_taken(values["number"]) from exc
    changed = [k for k in after if after[k] != before[k]]
    audit_record(
        event_type=EventType.NOTICE_UPDATED,
        actor=by,
        target=target_of(notice, notice_id=notice.pk),
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return notice
