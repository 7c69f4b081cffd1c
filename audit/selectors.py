"""Read side of the completion history and the reports: who may see what, in one place.

Scoping (the same for pages, exports and the calendar feed):

- **Office staff** (``tasks_app.selectors.user_is_office``), **auditors** (role ``auditor`` in
  any agency) and superusers see every process, every event, every report.
- **Heads and deputies** see the processes their agency *leads*: their dashboard rows, their
  export rows, the timelines of the directives their agency leads (only their agency's
  processes and the events about them, plus the notice- and directive-level events).
  Coordinating another agency's directive does not open that agency's report or timeline.
- **Officers** (without a head role) see the timelines of the processes they work on (as the
  responsible officer or as a coordinating officer) and nothing else; the dashboard and the
  official exports are for heads and the Office. Their calendar holds their own tasks.
- Anyone else sees nothing.

Everything a report shows comes from :func:`report_queryset` (status computed in SQL by
``audit.status.with_status``); the XLSX and the PDF are both built from :func:`report_rows`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent, CalendarFeed, EventType
from audit.status import (
    Ageing,
    Status,
    StatusCounts,
    ageing_of,
    closed_on,
    days_overdue,
    status_of,
    with_status,
)
from tasks_app.models import Agency, Assignment, Directive, Membership, Notice, Role
from tasks_app.selectors import user_agencies, user_has_role, user_sees_everything
from workflows import selectors as workflow_selectors
from workflows.models import (
    Contribution,
    DirectiveProcess,
    ExtensionProcess,
    Meeting,
    Outcome,
    Period,
    Report,
    Review,
    WorkflowTask,
)

DATE = "%d/%m/%Y"
DATETIME = "%d/%m/%Y %H:%M"


def fmt_date(value: datetime.date | None) -> str:
    return value.strftime(DATE) if value else ""


# --- scope ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """What one user may see in the completion history and the reports."""

    user_id: int | None = None
    sees_all: bool = False
    lead_agency_ids: frozenset[int] = frozenset()
    officer: bool = False

    @property
    def may_report(self) -> bool:
        """Dashboard and official exports: the Office, auditors, heads and deputies."""
        return self.sees_all or bool(self.lead_agency_ids)

    @property
    def may_see_history(self) -> bool:
        return self.may_report or self.officer

    def report_filter(self) -> Q:
        """Processes counted in this user's dashboard and exports."""
        if self.sees_all:
            return Q()
        if self.lead_agency_ids:
            return Q(lead_id__in=self.lead_agency_ids)
        return Q(pk__in=[])

    def history_filter(self) -> Q:
        """Processes whose history this user may read (report scope plus own work)."""
        if self.sees_all:
            return Q()
        q = Q(lead_id__in=self.lead_agency_ids) if self.lead_agency_ids else Q(pk__in=[])
        if self.officer:
            q |= Q(officer_id=self.user_id) | Q(
                pk__in=Contribution.objects.filter(officer_id=self.user_id).values("process_id")
            )
        return q


def report_scope(*, user) -> ReportScope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ReportScope()
    if user_sees_everything(user=user):
        return ReportScope(user_id=user.pk, sees_all=True)
    heads = user_agencies(user=user, roles=[Role.HEAD, Role.DEPUTY])
    return ReportScope(
        user_id=user.pk,
        lead_agency_ids=frozenset(heads.values_list("pk", flat=True)),
        officer=user_has_role(user=user, roles=[Role.OFFICER]),
    )


def scope_agencies(*, scope: ReportScope) -> QuerySet[Agency]:
    """Agencies a user may pick in the report filters: those leading a process in scope."""
    if scope.sees_all:
        return Agency.objects.filter(pk__in=DirectiveProcess.objects.values("lead_id")).order_by(
            "name"
        )
    return Agency.objects.filter(pk__in=scope.lead_agency_ids).order_by("name")


def scope_notices(*, scope: ReportScope) -> QuerySet[Notice]:
    """Notices with at least one process in the user's report scope."""
    processes = DirectiveProcess.objects.filter(scope.report_filter())
    return Notice.objects.filter(pk__in=processes.values("directive__notice_id")).order_by(
        "-date", "number"
    )


# --- filters ----------------------------------------------------------------------------------


class DateBasis:
    DUE = "han"
    PUBLISHED = "ban-hanh"


@dataclass(frozen=True)
class ReportFilters:
    notice: Notice | None = None
    agency: Agency | None = None
    date_basis: str = DateBasis.DUE
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    status: str = ""

    def describe(self) -> dict:
        """The filters as plain values (for the audit event of an export)."""
        return {
            "notice": self.notice.number if self.notice else None,
            "agency": self.agency.code if self.agency else None,
            "date_basis": self.date_basis,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "status": self.status or None,
        }

    def period_label(self) -> str:
        if not (self.date_from or self.date_to):
            return ""
        basis = _("hạn hoàn thành") if self.date_basis == DateBasis.DUE else _("ngày ban hành")
        if self.date_from and self.date_to:
            return _("%(basis)s từ %(start)s đến %(end)s") % {
                "basis": basis,
                "start": fmt_date(self.date_from),
                "end": fmt_date(self.date_to),
            }
        if self.date_from:
            return _("%(basis)s từ %(start)s") % {"basis": basis, "start": fmt_date(self.date_from)}
        return _("%(basis)s đến %(end)s") % {"basis": basis, "end": fmt_date(self.date_to)}


def filters_refusal(*, scope: ReportScope, filters: ReportFilters) -> str:
    """Why the user may not see this report ("" if they may)."""
    if not scope.may_report:
        return _("Chỉ Văn phòng Tỉnh ủy, lãnh đạo cơ quan và cán bộ kiểm tra được xem báo cáo.")
    if scope.sees_all:
        return ""
    if filters.agency is not None and filters.agency.pk not in scope.lead_agency_ids:
        return _("Không được xem báo cáo của %(agency)s.") % {"agency": filters.agency}
    if (
        filters.notice is not None
        and not DirectiveProcess.objects.filter(scope.report_filter())
        .filter(directive__notice=filters.notice)
        .exists()
    ):
        return _("Cơ quan không chủ trì nhiệm vụ nào của thông báo %(number)s.") % {
            "number": filters.notice.number
        }
    return ""


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
        .order_by("lead__name")
    )
    return [
        GroupCounts(
            key=row["lead_id"],
            label=row["lead__name"],
            detail=row["lead__code"],
            counts=_counts_from(row),
        )
        for row in rows
    ]


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


def _month(value) -> datetime.date | None:
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


def report_build(
    *, user, scope: ReportScope, filters: ReportFilters, today: datetime.date, now=None
) -> ProgressReport:
    """The report of ``filters`` as ``user`` may see it (call :func:`filters_refusal` first)."""
    qs = report_queryset(scope=scope, filters=filters, today=today)
    rows = report_rows(qs, today=today)
    counts = StatusCounts()
    for row in rows:
        counts[row.status] += 1
    office = Agency.objects.filter(code="VPTU").first()
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
    notice_numbers = {row.notice_number for row in rows}
    issuers = set(
        Notice.objects.filter(pk__in=qs.values("directive__notice_id")).values_list(
            "issuer", flat=True
        )
    )
    if filters.notice is not None:
        parent_issuer = filters.notice.issuer
    else:
        parent_issuer = issuers.pop() if len(issuers) == 1 else ""
    return ProgressReport(
        title=report_title(notice=filters.notice),
        issuer=issuer,
        parent_issuer=parent_issuer,
        scope_label=scope_label,
        filters_label="; ".join(p for p in parts if p),
        generated_at=now or timezone.now(),
        generated_by=(user.get_full_name() or user.get_username()),
        rows=rows,
        counts=counts,
        with_notice=filters.notice is None and len(notice_numbers) > 1,
        notice=filters.notice,
        filters=filters,
    )


# --- timeline ---------------------------------------------------------------------------------


def directive_history_processes(*, scope: ReportScope, directive) -> QuerySet[DirectiveProcess]:
    return (
        DirectiveProcess.objects.filter(directive=directive)
        .filter(scope.history_filter())
        .select_related("lead", "officer", "closed_by", "started_by", "via_group")
        .order_by("lead__code", "pk")
    )


def directive_history_refusal(*, scope: ReportScope, directive) -> str:
    if scope.sees_all:
        return ""
    if (
        not scope.may_see_history
        or not directive_history_processes(scope=scope, directive=directive).exists()
    ):
        return _("Không được xem lịch sử nhiệm vụ %(directive)s.") % {"directive": directive}
    return ""


def directives_in_history(*, scope: ReportScope, notice: Notice | None = None) -> QuerySet:
    """Directives with a visible process, with per-status counts of those processes."""
    processes = DirectiveProcess.objects.filter(scope.history_filter())
    qs = Directive.objects.filter(pk__in=processes.values("directive_id")).select_related("notice")
    if notice is not None:
        qs = qs.filter(notice=notice)
    return qs.order_by("-notice__date", "notice__number", "position")


@dataclass
class TimelineEntry:
    at: datetime.datetime
    label: str
    kind: str  # "event" (audit log), "deadline", "closure"
    actor: str = ""
    agency: str = ""
    subject: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""
    status: Status | None = None
    seq: int | None = None
    date_only: bool = False
    detail: str = ""

    @property
    def time_label(self) -> str:
        local = timezone.localtime(self.at)
        return local.strftime(DATE) if self.date_only else local.strftime(DATETIME)


@dataclass
class ProcessHistory:
    process: DirectiveProcess
    status: Status
    closed_date: datetime.date | None
    days_overdue: int | None
    ageing: Ageing | None
    coordinators: list[str]


@dataclass
class Timeline:
    directive: Directive
    processes: list[ProcessHistory]
    entries: list[TimelineEntry]
    counts: StatusCounts


CHANGE_LABELS = {
    "due_date": gettext_lazy("Hạn"),
    "due": gettext_lazy("Hạn"),
    "lead": gettext_lazy("Cơ quan chủ trì"),
    "lead_group": gettext_lazy("Nhóm chủ trì"),
    "coordinators": gettext_lazy("Cơ quan phối hợp"),
    "officer": gettext_lazy("Chuyên viên"),
    "text": gettext_lazy("Nội dung"),
    "needs_review": gettext_lazy("Cần rà soát"),
    "recurrence": gettext_lazy("Định kỳ"),
    "due_working_days": gettext_lazy("Hạn (ngày làm việc)"),
    "decision": gettext_lazy("Quyết định"),
    "status": gettext_lazy("Trạng thái"),
    "state": gettext_lazy("Trạng thái"),
    "outcome": gettext_lazy("Kết quả"),
}
DEADLINE_EVENTS = {EventType.DEADLINE_CHANGED, EventType.EXTENSION_DECIDED}
OFFICE_ONLY_EVENTS = {EventType.REFUSED, EventType.EXPORTED}


def _value_text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value) or "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return fmt_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    return str(value)


def event_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """``(field, before, after)`` of an event: every changed field when both sides are
    recorded; for deadline events also the new deadline when only ``after`` is."""
    before = event.before if isinstance(event.before, dict) else None
    after = event.after if isinstance(event.after, dict) else None
    if after is None:
        return []
    if before is None:
        if event.event_type not in DEADLINE_EVENTS:
            return []
        before = {}
        keys = [k for k in after if k in ("due_date", "due")]
    else:
        keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    return [
        (str(CHANGE_LABELS.get(k, k)), _value_text(before.get(k)), _value_text(after.get(k)))
        for k in keys
    ]


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _home_agencies(users) -> dict[int, str]:
    """The (first) agency name of each user, as the audit log records an actor's agency."""
    ids = {user.pk for user in users if user is not None}
    names: dict[int, str] = {}
    for membership in (
        Membership.objects.filter(user_id__in=ids).select_related("agency").order_by("pk")
    ):
        names.setdefault(membership.user_id, membership.agency.name)
    return names


def _object_processes(process_ids: list[int]) -> dict[tuple[str, str], int]:
    """(object_type, object_id) of everything about these processes → the process id."""
    mapping: dict[tuple[str, str], int] = {}

    def add(label, pairs):
        for object_pk, process_pk in pairs:
            mapping[(label, str(object_pk))] = process_pk

    processes = DirectiveProcess.objects.filter(pk__in=process_ids)
    add("workflows.directiveprocess", ((pk, pk) for pk in process_ids))
    add("tasks_app.assignment", processes.values_list("assignment_id", "pk"))
    extensions = ExtensionProcess.objects.filter(directive_process_id__in=process_ids)
    add("workflows.extensionprocess", extensions.values_list("pk", "directive_process_id"))
    add(
        "workflows.workflowtask",
        WorkflowTask.objects.filter(process_id__in=process_ids).values_list("pk", "process_id"),
    )
    ext_of = dict(extensions.values_list("pk", "directive_process_id"))
    add(
        "workflows.workflowtask",
        (
            (pk, ext_of[ext])
            for pk, ext in WorkflowTask.objects.filter(process_id__in=ext_of).values_list(
                "pk", "process_id"
            )
        ),
    )
    for model in (Report, Contribution, Meeting, Period):
        add(
            model._meta.label_lower,
            model.objects.filter(process_id__in=process_ids).values_list("pk", "process_id"),
        )
    add(
        Review._meta.label_lower,
        Review.objects.filter(report__process_id__in=process_ids).values_list(
            "pk", "report__process_id"
        ),
    )
    return mapping


def _agency_names(codes) -> dict[str, str]:
    return dict(Agency.objects.filter(code__in=set(codes)).values_list("code", "name"))


def _log_entries(*, scope, directive, all_process_ids, visible_ids) -> list[TimelineEntry]:
    mapping = _object_processes(all_process_ids)
    by_type = defaultdict(list)
    for object_type, object_id in mapping:
        by_type[object_type].append(object_id)
    q = Q(directive_id=directive.pk) | Q(
        notice_id=directive.notice_id,
        directive_id__isnull=True,
        event_type__in=[EventType.NOTICE_IMPORTED, EventType.NOTICE_PUBLISHED],
    )
    for object_type, ids in by_type.items():
        q |= Q(object_type=object_type, object_id__in=ids)
    events = list(
        AuditEvent.objects.filter(q).select_related("actor").order_by("occurred_at", "seq")
    )
    names = _agency_names(e.agency_code for e in events)
    entries = []
    for event in events:
        process_id = mapping.get((event.object_type, event.object_id))
        if not scope.sees_all:
            if event.event_type in OFFICE_ONLY_EVENTS:
                continue
            if process_id is not None and process_id not in visible_ids:
                continue
            if process_id is None and event.object_type not in (
                "tasks_app.directive",
                "tasks_app.notice",
                "",
            ):
                continue
        entries.append(
            TimelineEntry(
                at=event.occurred_at,
                label=str(EventType(event.event_type).label)
                if event.event_type in EventType.values
                else event.event_type,
                kind="event",
                actor=_person(event.actor) or event.actor_username or _("Hệ thống"),
                agency=names.get(event.agency_code, event.agency_code),
                subject=event.object_repr,
                changes=event_changes(event),
                reason=event.reason,
                seq=event.seq,
            )
        )
    return entries


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def directive_timeline(*, scope: ReportScope, directive, today: datetime.date) -> Timeline:
    """The completion history of one directive as ``scope`` may see it: audit events merged
    with each process's deadline and closure, oldest first."""
    all_process_ids = list(
        DirectiveProcess.objects.filter(directive=directive).values_list("pk", flat=True)
    )
    processes = list(directive_history_processes(scope=scope, directive=directive))
    visible_ids = {p.pk for p in processes}
    entries = _log_entries(
        scope=scope, directive=directive, all_process_ids=all_process_ids, visible_ids=visible_ids
    )
    histories = []
    counts = StatusCounts()
    closers = _home_agencies([p.closed_by for p in processes])
    coordinators = {
        p.pk: sorted(a.name for a in p.assignment.coordinators.all() if a.pk != p.lead_id)
        for p in DirectiveProcess.objects.filter(pk__in=visible_ids).prefetch_related(
            "assignment__coordinators"
        )
    }
    for process in processes:
        closed_date = closed_on(process.closed_at)
        status = status_of(
            outcome=process.outcome, due_date=process.due_date, closed_date=closed_date, today=today
        )
        counts[status] += 1
        days = days_overdue(
            status=status, due_date=process.due_date, closed_date=closed_date, today=today
        )
        histories.append(
            ProcessHistory(
                process=process,
                status=status,
                closed_date=closed_date,
                days_overdue=days,
                ageing=ageing_of(days) if status == Status.OPEN_OVERDUE else None,
                coordinators=coordinators.get(process.pk, []),
            )
        )
        lead = process.lead.name
        if process.due_date:
            changed = process.original_due_date and process.original_due_date != process.due_date
            entries.append(
                TimelineEntry(
                    at=_end_of_day(process.due_date),
                    date_only=True,
                    label=_("Hạn hoàn thành"),
                    kind="deadline",
                    subject=lead,
                    detail=_("hạn ban đầu %(day)s") % {"day": fmt_date(process.original_due_date)}
                    if changed
                    else "",
                    status=status if status == Status.OPEN_OVERDUE else None,
                )
            )
        if process.closed_at:
            if status == Status.CANCELLED:
                label, reason = _("Hủy nhiệm vụ"), process.outcome_reason
            else:
                label, reason = _("Kết thúc, hoàn thành"), ""
            detail = ""
            if status == Status.DONE_LATE:
                detail = _("quá hạn %(days)s ngày") % {"days": days}
            entries.append(
                TimelineEntry(
                    at=process.closed_at,
                    label=label,
                    kind="closure",
                    actor=_person(process.closed_by),
                    agency=closers.get(process.closed_by_id, ""),
                    subject=lead,
                    status=status,
                    reason=reason,
                    detail=detail,
                )
            )
    kind_order = {"event": 0, "closure": 1, "deadline": 2}
    entries.sort(key=lambda e: (e.at, kind_order[e.kind]))
    return Timeline(
        directive=directive,
        processes=histories,
        entries=entries,
        counts=counts,
    )


# --- calendar ---------------------------------------------------------------------------------


def calendar_feed_of(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    if not token:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    day: datetime.date
    summary: str
    description: str
    url: str = ""


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path if path else ""


def _process_url(process_pk: int, *, flow: str = "directive") -> str:
    try:
        return _absolute(
            reverse(f"workflow:flows:{flow}:process_detail", kwargs={"process_pk": process_pk})
        )
    except NoReverseMatch:
        return ""


def calendar_items(*, user) -> list[CalendarItem]:
    """The user's deadlines: open tasks given to them or waiting in their queue, and for heads
    the current deadlines of the processes their agency leads."""
    if user is None or not user.is_active:
        return []
    task_ids = set(workflow_selectors.tasks_inbox(user=user).values_list("pk", flat=True))
    task_ids |= set(workflow_selectors.tasks_queue(user=user).values_list("pk", flat=True))
    tasks = list(
        WorkflowTask.objects.filter(pk__in=task_ids, due_date__isnull=False)
        .select_related("agency")
        .order_by("due_date", "pk")
    )
    directive_processes = {
        p.pk: p
        for p in DirectiveProcess.objects.filter(
            pk__in=[t.process_id for t in tasks]
        ).select_related("directive__notice", "lead")
    }
    extensions = {
        e.pk: e
        for e in ExtensionProcess.objects.filter(
            pk__in=[t.process_id for t in tasks]
        ).select_related("directive_process__directive__notice", "directive_process__lead")
    }
    items = []
    for task in tasks:
        process = directive_processes.get(task.process_id)
        extension = extensions.get(task.process_id)
        if process is None and extension is not None:
            process = extension.directive_process
        if process is None:
            continue
        title = str(getattr(task.flow_task, "task_title", "") or _("Việc cần xử lý"))
        directive = process.directive
        items.append(
            CalendarItem(
                uid=f"task-{task.pk}",
                day=task.due_date,
                summary=_("Hạn: %(step)s — %(number)s mục %(ref)s")
                % {"step": title, "number": directive.notice.number, "ref": directive.ref},
                description=_(
                    "%(step)s (%(agency)s). Nhiệm vụ: %(text)s Cơ quan chủ trì: %(lead)s."
                )
                % {
                    "step": title,
                    "agency": task.agency.name if task.agency_id else "",
                    "text": Truncator(" ".join(directive.text.split())).words(40, truncate=" …"),
                    "lead": process.lead.name,
                },
                url=_process_url(task.process_id, flow="extension" if extension else "directive"),
            )
        )
    heads = user_agencies(user=user, roles=[Role.HEAD, Role.DEPUTY])
    for process in (
        DirectiveProcess.objects.filter(
            lead__in=heads, outcome=Outcome.OPEN, due_date__isnull=False
        )
        .select_related("directive__notice", "lead")
        .order_by("due_date", "pk")
    ):
        directive = process.directive
        items.append(
            CalendarItem(
                uid=f"process-{process.pk}",
                day=process.due_date,
                summary=_("Hạn nhiệm vụ %(number)s mục %(ref)s — %(lead)s")
                % {
                    "number": directive.notice.number,
                    "ref": directive.ref,
                    "lead": process.lead.code,
                },
                description=_("Nhiệm vụ: %(text)s Cơ quan chủ trì: %(lead)s.")
                % {
                    "text": Truncator(" ".join(directive.text.split())).words(40, truncate=" …"),
                    "lead": process.lead.name,
                },
                url=_process_url(process.pk),
            )
        )
    items.sort(key=lambda item: (item.day, item.uid))
    return items
