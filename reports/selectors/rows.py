"""The rows of the official progress report: the one source of both exports (XLSX, PDF)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.formats import DATETIME, fmt_date
from reports.selectors.dashboard import report_queryset
from reports.selectors.filters import ReportFilters
from reports.status import (
    Status,
    StatusCounts,
    closed_on,
    days_overdue,
)
from tasks_app.models import (
    OFFICE_AGENCY_CODE,
    Agency,
    Assignment,
    Notice,
)
from tasks_app.selectors import UserLike
from workflows.models import (
    DirectiveProcess,
    Outcome,
)
from workflows.permissions import ReportScope

# --- rows (the one source of both exports) ----------------------------------------------------

REPORT_COLUMNS = (
    gettext_lazy("STT"),
    gettext_lazy("Mục"),
    gettext_lazy("Nội dung tóm tắt"),
    gettext_lazy("Cơ quan chủ trì"),
    gettext_lazy("Cơ quan phối hợp"),
    gettext_lazy("Hạn"),
    gettext_lazy("Ngày hoàn thành"),
    gettext_lazy("Trạng thái"),
    gettext_lazy("Số ngày quá hạn"),
    gettext_lazy("Ghi chú"),
)


@dataclass(frozen=True)
class ReportRow:
    number: int
    process_id: int
    directive_id: int
    notice_number: str
    ref: str
    summary: str
    lead: str
    lead_code: str
    coordinators: tuple[str, ...]
    due_date: datetime.date | None
    original_due_date: datetime.date | None
    closed_date: datetime.date | None
    status: Status
    days_overdue: int | None
    note: str

    def item_label(self, *, with_notice: bool) -> str:
        return f"{self.ref} ({self.notice_number})" if with_notice else self.ref

    def due_text(self) -> str:
        return fmt_date(self.due_date) if self.due_date else _("Không có hạn")

    def texts(self, *, with_notice: bool = False) -> list[str]:
        """The row's cells as printed (PDF) and as read back from the XLSX."""
        return [
            str(self.number),
            self.item_label(with_notice=with_notice),
            self.summary,
            self.lead,
            "; ".join(self.coordinators),
            self.due_text(),
            fmt_date(self.closed_date) if self.status != Status.CANCELLED else "",
            str(self.status.label),
            "" if self.days_overdue is None else str(self.days_overdue),
            self.note,
        ]


def _row_note(process: DirectiveProcess) -> str:
    notes = []
    if process.outcome == Outcome.CANCELLED:
        notes.append(
            _("Hủy ngày %(day)s: %(reason)s")
            % {"day": fmt_date(closed_on(process.closed_at)), "reason": process.outcome_reason}
        )
    if (
        process.original_due_date
        and process.due_date
        and process.original_due_date != process.due_date
    ):
        notes.append(_("Gia hạn từ %(day)s") % {"day": fmt_date(process.original_due_date)})
    if process.recurrence:
        notes.append(
            _("Báo cáo %(recurrence)s") % {"recurrence": process.get_recurrence_display().lower()}
        )
    if process.via_group_id:
        notes.append(_("Giao theo nhóm: %(group)s") % {"group": process.via_group.name})
    return "; ".join(notes)


REPORT_ORDER = (
    "directive__notice__date",
    "directive__notice__number",
    "directive__position",
    "directive_id",
    "lead__code",
    "pk",
)


def report_rows(qs: QuerySet, *, today: datetime.date) -> list[ReportRow]:
    """One row per assignment (process) of a :func:`report_queryset`, in report order."""
    processes = qs.select_related("directive__notice", "lead", "via_group").order_by(*REPORT_ORDER)
    # one query for every coordinator, by subquery (a prefetch would send one parameter per
    # row, too many for SQLite on large reports)
    through = Assignment.coordinators.through
    coordinators_of = defaultdict(list)
    for assignment_id, agency_id, name in (
        through.objects.filter(assignment_id__in=qs.values("assignment_id"))
        .order_by("agency__name")
        .values_list("assignment_id", "agency_id", "agency__name")
    ):
        coordinators_of[assignment_id].append((agency_id, name))
    rows = []
    for number, process in enumerate(processes, start=1):
        status = Status(process.report_status)
        closed_date = process.report_closed_on
        if isinstance(closed_date, datetime.datetime):  # some backends return a datetime
            closed_date = closed_date.date()
        coordinators = [
            name
            for agency_id, name in coordinators_of[process.assignment_id]
            if agency_id != process.lead_id
        ]
        rows.append(
            ReportRow(
                number=number,
                process_id=process.pk,
                directive_id=process.directive_id,
                notice_number=process.directive.notice.number,
                ref=process.directive.ref,
                summary=Truncator(" ".join(process.directive.text.split())).words(
                    40, truncate=" …"
                ),
                lead=process.lead.name,
                lead_code=process.lead.code,
                coordinators=tuple(coordinators),
                due_date=process.due_date,
                original_due_date=process.original_due_date,
                closed_date=closed_date,
                status=status,
                days_overdue=days_overdue(
                    status=status,
                    due_date=process.due_date,
                    closed_date=closed_date,
                    today=today,
                ),
                note=_row_note(process),
            )
        )
    return rows


@dataclass(frozen=True)
class ProgressReport:
    """Everything an export prints: header, rows, totals."""

    title: str
    issuer: str
    parent_issuer: str
    scope_label: str
    filters_label: str
    generated_at: datetime.datetime
    generated_by: str
    rows: list[ReportRow]
    counts: StatusCounts
    with_notice: bool = False
    notice: Notice | None = None
    filters: ReportFilters = field(default_factory=ReportFilters)

    @property
    def generated_label(self) -> str:
        return _("Lập lúc %(time)s bởi %(user)s") % {
            "time": timezone.localtime(self.generated_at).strftime(DATETIME),
            "user": self.generated_by,
        }


def report_title(*, notice: Notice | None) -> str:
    if notice is not None:
        return _("Báo cáo tiến độ thực hiện Thông báo số %(number)s ngày %(day)s") % {
            "number": notice.number,
            "day": fmt_date(notice.date),
        }
    return _("Báo cáo tiến độ thực hiện các thông báo kết luận")


def report_header(
    *,
    user: UserLike,
    scope: ReportScope,
    filters: ReportFilters,
    qs: QuerySet,
    now: datetime.datetime | None = None,
) -> dict:
    """Everything a report prints around its rows (title, issuer, scope, filters, who and when,
    whether rows name their notice), for the processes of ``qs``: the keyword arguments of
    :class:`ProgressReport` but ``rows`` and ``counts``."""
    office = Agency.objects.filter(code=OFFICE_AGENCY_CODE).first()
    if scope.sees_all:
        issuer = office.name if office else _("Văn phòng Tỉnh ủy")
        scope_label = filters.agency.name if filters.agency else _("Tất cả cơ quan chủ trì")
    else:
        agencies = list(Agency.objects.filter(pk__in=scope.lead_agency_ids).order_by("name"))
        issuer = ", ".join(a.name for a in agencies)
        scope_label = filters.agency.name if filters.agency else issuer
    parts = [filters.period_label()]
    if filters.status:
        parts.append(_("trạng thái: %(status)s") % {"status": Status(filters.status).label})
    notices = Notice.objects.filter(pk__in=qs.values("directive__notice_id"))
    notice_numbers, issuers = set(), set()
    for number, notice_issuer in notices.values_list("number", "issuer"):
        notice_numbers.add(number)
        issuers.add(notice_issuer)
    if filters.notice is not None:
        parent_issuer = filters.notice.issuer
    else:
        parent_issuer = issuers.pop() if len(issuers) == 1 else ""
    return {
        "title": report_title(notice=filters.notice),
        "issuer": issuer,
        "parent_issuer": parent_issuer,
        "scope_label": scope_label,
        "filters_label": "; ".join(p for p in parts if p),
        "generated_at": now or timezone.now(),
        "generated_by": (user.get_full_name() or user.get_username()),
        "with_notice": filters.notice is None and len(notice_numbers) > 1,
        "notice": filters.notice,
        "filters": filters,
    }


def report_build(
    *,
    user: UserLike,
    scope: ReportScope,
    filters: ReportFilters,
    today: datetime.date,
    now: datetime.datetime | None = None,
) -> ProgressReport:
    """The report of ``filters`` as ``user`` may see it (check ``require_report`` first)."""
    qs = report_queryset(scope=scope, filters=filters, today=today)
    rows = report_rows(qs, today=today)
    counts = StatusCounts()
    for row in rows:
        counts[row.status] += 1
    header = report_header(user=user, scope=scope, filters=filters, qs=qs, now=now)
    return ProgressReport(rows=rows, counts=counts, **header)
