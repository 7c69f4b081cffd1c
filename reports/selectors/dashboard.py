"""The dashboard: the processes of a report with their status (SQL), counts, ageing, trend."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from project.paging import page_of
from project.text import vietnamese_sort_key
from reports.formats import fmt_date
from reports.selectors.filters import DateBasis, ReportFilters
from reports.status import (
    Ageing,
    Status,
    StatusCounts,
    with_status,
)
from tasks_app.models import Agency, Notice
from workflows.models import (
    DirectiveProcess,
    Outcome,
)
from workflows.permissions import ReportScope


def report_queryset(
    *, scope: ReportScope, filters: ReportFilters, today: datetime.date
) -> QuerySet[DirectiveProcess]:
    """The processes of a report, annotated with their status (SQL), filters applied."""
    qs = with_status(DirectiveProcess.objects.filter(scope.report_filter()), today=today)
    if filters.notice is not None:
        qs = qs.filter(directive__notice=filters.notice)
    if filters.agency is not None:
        qs = qs.filter(lead=filters.agency)
    date_field = "due_date" if filters.date_basis == DateBasis.DUE else "directive__notice__date"
    if filters.date_from:
        qs = qs.filter(**{f"{date_field}__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{date_field}__lte": filters.date_to})
    if filters.status:
        qs = qs.filter(report_status=filters.status)
    return qs


# --- aggregates (SQL) -------------------------------------------------------------------------


def _status_count_annotations() -> dict:
    return {f"n_{status.value}": Count("pk", filter=Q(report_status=status)) for status in Status}


def _counts_from(row: dict) -> StatusCounts:
    return StatusCounts({status.value: row[f"n_{status.value}"] for status in Status})


def status_counts(qs: QuerySet) -> StatusCounts:
    rows = qs.order_by().values("report_status").annotate(n=Count("pk"))
    return StatusCounts({row["report_status"]: row["n"] for row in rows})


@dataclass(frozen=True)
class GroupCounts:
    key: int
    label: str
    detail: str
    counts: StatusCounts
    code: str = ""  # the agency's code, for machines (never shown)


def counts_by_notice(qs: QuerySet) -> list[GroupCounts]:
    rows = (
        qs.order_by()
        .values("directive__notice_id", "directive__notice__number", "directive__notice__date")
        .annotate(**_status_count_annotations())
        .order_by("-directive__notice__date", "directive__notice__number")
    )
    return [
        GroupCounts(
            key=row["directive__notice_id"],
            label=row["directive__notice__number"],
            detail=fmt_date(row["directive__notice__date"]),
            counts=_counts_from(row),
        )
        for row in rows
    ]


def counts_by_agency(qs: QuerySet) -> list[GroupCounts]:
    rows = (
        qs.order_by()
        .values("lead_id", "lead__code", "lead__name")
        .annotate(**_status_count_annotations())
    )
    groups = [
        GroupCounts(
            key=row["lead_id"],
            label=row["lead__name"],
            detail="",
            counts=_counts_from(row),
            code=row["lead__code"],
        )
        for row in rows
    ]
    return sorted(groups, key=lambda group: vietnamese_sort_key(group.label))


@dataclass(frozen=True)
class Summary:
    """Counts per status, per lead agency and per ageing bucket, read in one grouped query."""

    counts: StatusCounts
    by_agency: list[GroupCounts]
    ageing: list[tuple[Ageing, int]]


def summary(qs: QuerySet) -> Summary:
    """:func:`status_counts`, :func:`counts_by_agency` and :func:`ageing_counts` at once: one
    ``GROUP BY`` lead, status, ageing in the database (a few rows per agency), summed here."""
    rows = (
        qs.order_by()
        .values("lead_id", "report_status", "report_ageing")
        .annotate(n=Count("pk"))
        .values_list("lead_id", "report_status", "report_ageing", "n")
    )
    counts = StatusCounts()
    per_agency: dict[int, StatusCounts] = defaultdict(StatusCounts)
    per_bucket: dict[str, int] = defaultdict(int)
    for lead_id, status, bucket, n in rows:
        counts[status] += n
        per_agency[lead_id][status] += n
        if bucket:
            per_bucket[bucket] += n
    agencies = Agency.objects.filter(pk__in=per_agency).values_list("pk", "code", "name")
    groups = [
        GroupCounts(key=pk, label=name, detail="", counts=per_agency[pk], code=code)
        for pk, code, name in agencies
    ]
    return Summary(
        counts=counts,
        by_agency=sorted(groups, key=lambda group: vietnamese_sort_key(group.label)),
        ageing=[(bucket, per_bucket.get(bucket.value, 0)) for bucket in Ageing],
    )


#: Notices per page of the dashboard's table by notice.
NOTICES_PER_PAGE = 25


def notice_page(qs: QuerySet, *, page: str | int | None, per_page: int | None = None) -> Page:
    """One page of :func:`counts_by_notice` (latest notices first): the page's notices are
    picked first, then only their processes are counted, whatever the number of notices."""
    notices = Notice.objects.filter(pk__in=qs.order_by().values("directive__notice_id")).order_by(
        "-date", "number", "pk"
    )
    paginator = Paginator(notices.values_list("pk", flat=True), per_page or NOTICES_PER_PAGE)
    current = page_of(paginator, page)  # past the end: the last page; not a number: the first
    groups = counts_by_notice(qs.filter(directive__notice_id__in=list(current.object_list)))
    current.object_list = groups
    return current


def ageing_counts(qs: QuerySet) -> list[tuple[Ageing, int]]:
    rows = (
        qs.filter(report_status=Status.OPEN_OVERDUE)
        .order_by()
        .values("report_ageing")
        .annotate(n=Count("pk"))
    )
    found = {row["report_ageing"]: row["n"] for row in rows}
    return [(bucket, found.get(bucket.value, 0)) for bucket in Ageing]


def overdue_processes(qs: QuerySet, *, limit: int = 200) -> QuerySet[DirectiveProcess]:
    return (
        qs.filter(report_status=Status.OPEN_OVERDUE)
        .select_related("directive__notice", "lead", "officer")
        .order_by("due_date", "directive__notice__number", "directive__position", "lead__code")[
            :limit
        ]
    )


@dataclass(frozen=True)
class TrendPoint:
    month: datetime.date
    due: int
    done: int
    done_on_time: int

    @property
    def label(self) -> str:
        return self.month.strftime("%m/%Y")


def _month(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return value.replace(day=1)


def trend(qs: QuerySet, *, months: int = 24) -> list[TrendPoint]:
    """Per month: processes falling due (current deadline) vs processes completed.

    At most the last ``months`` months that have any activity, oldest first.
    """
    tz = timezone.get_default_timezone()
    due = (
        qs.exclude(outcome=Outcome.CANCELLED)
        .filter(due_date__isnull=False)
        .order_by()
        .annotate(month=TruncMonth("due_date"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    done = (
        qs.filter(outcome=Outcome.COMPLETED)
        .order_by()
        .annotate(month=TruncMonth("closed_at", tzinfo=tz))
        .values("month")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(report_status=Status.DONE_ON_TIME)),
        )
    )
    points: dict[datetime.date, dict] = defaultdict(lambda: {"due": 0, "done": 0, "on_time": 0})
    for row in due:
        points[_month(row["month"])]["due"] += row["n"]
    for row in done:
        point = points[_month(row["month"])]
        point["done"] += row["n"]
        point["on_time"] += row["on_time"]
    if not points:
        return []
    first, last = min(points), max(points)
    series = []
    month = first
    while month <= last:
        values = points.get(month, {"due": 0, "done": 0, "on_time": 0})
        series.append(
            TrendPoint(
                month=month, due=values["due"], done=values["done"], done_on_time=values["on_time"]
            )
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return series[-months:]
