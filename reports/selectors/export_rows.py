"""The rows of the official progress report for the exports, read as plain values in chunks.

:func:`report_rows` (in :mod:`.rows`) builds four model objects per row (process, directive,
notice, agency): for a year of reports (20,000 rows) that costs seconds of Python for a fifth
of a second of SQL. Here the same rows (the same :class:`~.rows.ReportRow`, the same texts, in
the same order; ``tests/reports/test_selectors__export_rows.py`` compares them) come from one
``values_list`` query with the joins, read with ``iterator(chunk_size=…)``, and one query per
batch for the coordinating agencies. Nothing is kept: :class:`RowStream` hands the rows to the
renderer as they are read, counting the statuses on the way (the totals are printed last), so
an export's memory does not grow with the report and its progress covers the reading too.

:func:`export_report` is :func:`.rows.report_build` with such a stream for its rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.db import connections
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from reports.formats import DATE, fmt_date
from reports.selectors.dashboard import report_queryset
from reports.selectors.filters import ReportFilters
from reports.selectors.rows import REPORT_ORDER, ProgressReport, ReportRow, report_header
from reports.status import Status, StatusCounts, closed_on, days_overdue
from tasks_app.models import Assignment, Recurrence
from tasks_app.selectors import UserLike
from workflows.models import Outcome
from workflows.permissions import ReportScope

#: Rows fetched from the database at a time (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000
#: Rows whose coordinators are read by one query (their ids are sent as parameters, at most
#: ``max_query_params`` of the database: 999 on SQLite, no limit on PostgreSQL).
BATCH_SIZE = CHUNK_SIZE

SUMMARY_WORDS, SUMMARY_TAIL = 40, " …"

FIELDS = (
    "pk",
    "directive_id",
    "directive__notice__number",
    "directive__ref",
    "directive__text",
    "lead_id",
    "lead__name",
    "lead__code",
    "assignment_id",
    "due_date",
    "original_due_date",
    "report_closed_on",
    "report_status",
    "outcome",
    "outcome_reason",
    "closed_at",
    "recurrence",
    "via_group__name",
)


def _batches(values: Iterable, size: int) -> Iterator[list]:
    values = iter(values)
    while batch := list(islice(values, size)):
        yield batch


def _coordinators(assignment_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """The coordinating agencies (id, name) of each assignment, by name (as ``report_rows``)."""
    through = Assignment.coordinators.through
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for assignment_id, agency_id, name in (
        through.objects.filter(assignment_id__in=assignment_ids)
        .order_by("agency__name")
        .values_list("assignment_id", "agency_id", "agency__name")
    ):
        found[assignment_id].append((agency_id, name))
    return found


def summary_of(text: str) -> str:
    """``Truncator(" ".join(text.split())).words(40, truncate=" …")`` as ``report_rows`` cuts a
    directive's text, without the lazy object per row."""
    words = text.split()
    if len(words) <= SUMMARY_WORDS:
        return " ".join(words)
    cut = " ".join(words[:SUMMARY_WORDS])
    return cut if cut.endswith(SUMMARY_TAIL) else cut + SUMMARY_TAIL


def export_rows(
    qs: QuerySet, *, today: datetime.date, chunk_size: int = CHUNK_SIZE
) -> Iterator[ReportRow]:
    """The rows of ``report_rows(qs, today=today)``, one by one, read in chunks."""
    recurrences = {value: str(label).lower() for value, label in Recurrence.choices}
    values = qs.order_by(*REPORT_ORDER).values_list(*FIELDS).iterator(chunk_size=chunk_size)
    number = 0
    batch_size = min(BATCH_SIZE, connections[qs.db].features.max_query_params or BATCH_SIZE)
    for batch in _batches(values, batch_size):
        coordinators_of = _coordinators([row[8] for row in batch])
        for (
            pk,
            directive_id,
            notice_number,
            ref,
            text,
            lead_id,
            lead_name,
            lead_code,
            assignment_id,
            due_date,
            original_due_date,
            closed_date,
            status,
            outcome,
            outcome_reason,
            closed_at,
            recurrence,
            group_name,
        ) in batch:
            number += 1
            status = Status(status)
            if isinstance(closed_date, datetime.datetime):  # some backends return a datetime
                closed_date = closed_date.date()
            notes = []
            if outcome == Outcome.CANCELLED:
                notes.append(
                    _("Hủy ngày %(day)s: %(reason)s")
                    % {"day": fmt_date(closed_on(closed_at)), "reason": outcome_reason}
                )
            if original_due_date and due_date and original_due_date != due_date:
                notes.append(_("Gia hạn từ %(day)s") % {"day": fmt_date(original_due_date)})
            if recurrence:
                notes.append(
                    _("Báo cáo %(recurrence)s")
                    % {"recurrence": recurrences.get(recurrence, recurrence.lower())}
                )
            if group_name is not None:
                notes.append(_("Giao theo nhóm: %(group)s") % {"group": group_name})
            yield ReportRow(
                number=number,
                process_id=pk,
                directive_id=directive_id,
                notice_number=notice_number,
                ref=ref,
                summary=summary_of(text),
                lead=lead_name,
                lead_code=lead_code,
                coordinators=tuple(
                    name
                    for agency_id, name in coordinators_of[assignment_id]
                    if agency_id != lead_id
                ),
                due_date=due_date,
                original_due_date=original_due_date,
                closed_date=closed_date,
                status=status,
                days_overdue=days_overdue(
                    status=status, due_date=due_date, closed_date=closed_date, today=today
                ),
                note="; ".join(notes),
            )


class RowTexts:
    """``ReportRow.texts(with_notice=…)`` with the translated labels looked up once per report
    (the status label and "no deadline" are lazy translations: one lookup per row otherwise)."""

    def __init__(self, *, with_notice: bool):
        self.with_notice = with_notice
        self.labels = {status: str(status.label) for status in Status}
        self.no_deadline = _("Không có hạn")

    def __call__(self, row: ReportRow) -> list[str]:
        return [
            str(row.number),
            f"{row.ref} ({row.notice_number})" if self.with_notice else row.ref,
            row.summary,
            row.lead,
            "; ".join(row.coordinators),
            row.due_date.strftime(DATE) if row.due_date else self.no_deadline,
            row.closed_date.strftime(DATE)
            if row.closed_date and row.status != Status.CANCELLED
            else "",
            self.labels[row.status],
            "" if row.days_overdue is None else str(row.days_overdue),
            row.note,
        ]


class RowStream:
    """A report's rows as the renderer reads them (once): ``len()`` is the number expected (one
    COUNT, for progress), :attr:`counts` the statuses of the rows read so far (complete once
    they are all read), :attr:`read` how many; ``progress(read, expected)`` is called every
    ``every`` rows."""

    def __init__(
        self,
        qs: QuerySet,
        *,
        today: datetime.date,
        expected: int,
        progress: Callable[[int, int], None] | None = None,
        every: int = 500,
    ):
        self.qs, self.today, self.expected = qs, today, expected
        self.progress, self.every = progress, every
        self.counts = StatusCounts()
        self.read = 0
        self._consumed = False

    def __len__(self) -> int:
        return self.expected

    def __iter__(self) -> Iterator[ReportRow]:
        if self._consumed:
            raise RuntimeError("A report's rows are read once.")
        self._consumed = True
        counts, progress, every = self.counts, self.progress, self.every
        for row in export_rows(self.qs, today=self.today):
            counts[row.status] += 1
            self.read += 1
            yield row
            if progress and self.read % every == 0:
                progress(self.read, max(self.expected, self.read))


def export_report(
    *,
    user: UserLike,
    scope: ReportScope,
    filters: ReportFilters,
    today: datetime.date,
    now: datetime.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ProgressReport:
    """:func:`.rows.report_build` whose ``rows`` is a :class:`RowStream` (read once, by the
    renderer) and whose ``counts`` is that stream's (complete once the rows are read)."""
    qs = report_queryset(scope=scope, filters=filters, today=today)
    stream = RowStream(qs, today=today, expected=qs.count(), progress=progress)
    header = report_header(user=user, scope=scope, filters=filters, qs=qs, now=now)
    # rows: iterated once by the renderer; counts: complete once the rows are read
    return ProgressReport(rows=stream, counts=stream.counts, **header)  # type: ignore[arg-type]
