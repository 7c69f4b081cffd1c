"""Write side of reports and calendar feeds.

- :func:`report_export`: build the XLSX or PDF progress report the user may see, and record
  the export in the audit log (with the file's SHA-256, so a handed-over copy can be checked
  against the log later). A refusal is recorded too, then raised. Its parts,
  :func:`export_check`, :func:`export_build` (the file, no check, no record) and
  :func:`export_record`, are shared with the background export job (``reports.jobs``).
- :func:`calendar_feed_reset`: give a user a (new) secret calendar address.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import EventType
from audit.services import Target, audit_record, audit_refusal, target_of
from notifications_app.models import CalendarFeed
from project.exceptions import PermissionRefused
from reports import exports
from reports.selectors import export_rows, rows
from reports.selectors.dashboard import report_queryset
from reports.selectors.filters import ReportFilters
from tasks_app.models import Directive
from tasks_app.selectors import UserLike
from workflows import permissions


class ExportFormat:
    XLSX = "xlsx"
    PDF = "pdf"
    ALL = (XLSX, PDF)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    rows: int
    sha256: str


def _slug(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
        .encode("ascii", "ignore")
        .decode()
    )
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()


def export_filename(*, filters: ReportFilters, fmt: str, today: datetime.date) -> str:
    parts = ["bao-cao-tien-do"]
    if filters.notice is not None:
        parts.append(_slug(filters.notice.number))
    if filters.agency is not None:
        parts.append(_slug(filters.agency.code))
    parts.append(today.strftime("%Y%m%d"))
    return "-".join(parts) + f".{fmt}"


@dataclass(frozen=True)
class BuiltExport:
    """A report written to a file by :func:`export_build` (nothing recorded yet)."""

    filename: str
    content_type: str
    rows: int
    sha256: str
    report: rows.ProgressReport


def export_target(filters: ReportFilters) -> Target:
    """What an export is about, for the audit log."""
    if filters.notice is not None:
        return target_of(filters.notice, notice_id=filters.notice.pk)
    return Target(object_type="report", object_repr=rows.report_title(notice=None))


def export_check(*, user: UserLike, filters: ReportFilters, fmt: str) -> permissions.ReportScope:
    """The user's report scope; a refusal is recorded in the audit log, then raised."""
    if fmt not in ExportFormat.ALL:
        raise ValueError(f"Unknown export format: {fmt}")
    scope = permissions.report_scope(user=user)
    refusal = permissions.report_refusal(scope=scope, agency=filters.agency, notice=filters.notice)
    if refusal:
        audit_refusal(
            actor=user, action=f"report.export.{fmt}", reason=refusal, target=export_target(filters)
        )
        error = PermissionRefused(refusal, code="report_refused")
        error.audited = True
        raise error
    return scope


def export_rows_count(*, user: UserLike, filters: ReportFilters, today=None) -> int:
    """How many rows the report of ``filters`` has for ``user`` (one COUNT query)."""
    scope = permissions.report_scope(user=user)
    today = today or timezone.localdate()
    return report_queryset(scope=scope, filters=filters, today=today).count()


def export_build(
    *,
    user: UserLike,
    filters: ReportFilters,
    fmt: str,
    out: BinaryIO,
    today: datetime.date | None = None,
    progress: exports.Progress | None = None,
) -> BuiltExport:
    """Write the report of ``filters`` as ``user`` may see it to ``out`` (a seekable binary
    file), as ``fmt``. Checks nothing and records nothing: callers do (:func:`report_export`,
    the export job). ``progress(done, total)`` is called as rows are written."""
    today = today or timezone.localdate()
    scope = permissions.report_scope(user=user)
    # the rows are read in chunks while the file is written (progress counts them)
    report = export_rows.export_report(
        user=user, scope=scope, filters=filters, today=today, progress=progress
    )
    if fmt == ExportFormat.XLSX:
        exports.xlsx_write(report, out)
        content_type = exports.XLSX_CONTENT_TYPE
    else:
        exports.pdf_write(report, out)
        content_type = exports.PDF_CONTENT_TYPE
    out.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: out.read(1 << 20), b""):
        digest.update(chunk)
    return BuiltExport(
        filename=export_filename(filters=filters, fmt=fmt, today=today),
        content_type=content_type,
        rows=report.rows.read,
        sha256=digest.hexdigest(),
        report=report,
    )


def export_record(
    *, user: UserLike, filters: ReportFilters, fmt: str, built: BuiltExport, today, **extra
) -> None:
    """The audit event of an export (the file's SHA-256 lets a copy be checked later)."""
    report = built.report
    audit_record(
        event_type=EventType.EXPORTED,
        actor=user,
        target=export_target(filters),
        after={
            "format": fmt,
            "filename": built.filename,
            "title": report.title,
            "filters": filters.describe(),
            "scope": report.scope_label,
            "rows": built.rows,
            "counts": dict(report.counts),
            "today": today.isoformat(),
            "sha256": built.sha256,
            **extra,
        },
    )


def report_export(
    *, user: UserLike, filters: ReportFilters, fmt: str, today: datetime.date | None = None
) -> ExportFile:
    """The progress report of ``filters`` as ``user`` may see it, rendered as ``fmt``."""
    export_check(user=user, filters=filters, fmt=fmt)
    today = today or timezone.localdate()
    buffer = io.BytesIO()
    with transaction.atomic():
        built = export_build(user=user, filters=filters, fmt=fmt, out=buffer, today=today)
        export_record(user=user, filters=filters, fmt=fmt, built=built, today=today)
    return ExportFile(
        content=buffer.getvalue(),
        filename=built.filename,
        content_type=built.content_type,
        rows=built.rows,
        sha256=built.sha256,
    )


def history_target(*, directive: Directive) -> Target:
    """What a refused history request is about, for the audit log."""
    return target_of(directive, notice_id=directive.notice_id, directive_id=directive.pk)


def report_refusal_record(*, user: UserLike, reason: str, filters: ReportFilters) -> None:
    target = (
        target_of(filters.notice, notice_id=filters.notice.pk)
        if filters.notice is not None
        else None
    )
    audit_refusal(actor=user, action="report.view", reason=reason, target=target)


# --- calendar feed ----------------------------------------------------------------------------

#: At most one audit event per client address and window for unknown feed addresses: anyone
#: can request such addresses, and every audit event takes the chain's lock.
FEED_REFUSAL_WINDOW_SECONDS = 600


def calendar_feed_refusal_record(*, remote_addr: str) -> bool:
    """Record a request for an unknown (or replaced) calendar address, throttled per client
    address; returns whether an event was written."""
    if not cache.add(f"reports:feed-refusal:{remote_addr}", 1, FEED_REFUSAL_WINDOW_SECONDS):
        return False
    audit_refusal(
        actor=None,
        action="calendar.feed",
        reason=_("Địa chỉ lịch không tồn tại hoặc đã được thay bằng địa chỉ mới."),
        target=Target(
            object_type="notifications_app.calendarfeed",
            object_repr=_("từ %(address)s") % {"address": remote_addr},
        ),
    )
    return True


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_reset(*, user: UserLike) -> CalendarFeed:
    """Create the user's secret calendar address, or replace it (the old one stops working)."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise ValueError("A signed-in user is required.")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
                if feed is None:
                    return CalendarFeed.objects.create(user=user, token=_new_token())
                feed.token = _new_token()
                feed.created_at = timezone.now()
                feed.save(update_fields=["token", "created_at"])
                return feed
        except IntegrityError:  # a token collision (practically impossible) or a race
            continue
    raise RuntimeError("Could not create a calendar token.")
