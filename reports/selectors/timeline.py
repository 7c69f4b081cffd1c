"""The completion history of a directive: its processes, their status and every event."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent, EventType
from reports.formats import DATE, DATETIME, fmt_date
from reports.status import (
    Ageing,
    Status,
    StatusCounts,
    ageing_of,
    closed_on,
    days_overdue,
    status_of,
)
from tasks_app.models import Agency, Directive, Membership, Notice
from tasks_app.selectors import (
    user_display_name,
)
from workflows.models import (
    Contribution,
    DirectiveProcess,
    ExtensionProcess,
    Meeting,
    Period,
    Report,
    Review,
    WorkflowTask,
)
from workflows.permissions import ReportScope, history_processes

# --- timeline ---------------------------------------------------------------------------------


def directive_history_processes(
    *, scope: ReportScope, directive: Directive
) -> QuerySet[DirectiveProcess]:
    return (
        history_processes(scope=scope, directive=directive)
        .select_related("lead", "officer", "closed_by", "started_by", "via_group")
        .order_by("lead__code", "pk")
    )


def directives_in_history(*, scope: ReportScope, notice: Notice | None = None) -> QuerySet:
    """Directives with a visible process, with per-status counts of those processes."""
    processes = DirectiveProcess.objects.filter(scope.history_filter())
    qs = Directive.objects.filter(pk__in=processes.values("directive_id")).select_related("notice")
    if notice is not None:
        qs = qs.filter(notice=notice)
    return qs.order_by("-notice__date", "notice__number", "position")


def notices_in_history(*, scope: ReportScope) -> QuerySet[Notice]:
    """Notices with a process whose history the user may read."""
    processes = DirectiveProcess.objects.filter(scope.history_filter())
    return Notice.objects.filter(pk__in=processes.values("directive__notice_id"))


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
    "proposed_due_date": gettext_lazy("Hạn đề nghị"),
    "granted_due_date": gettext_lazy("Hạn được gia hạn"),
}
#: A request does not move the deadline: its date is the one proposed.
REQUEST_LABELS = {"due_date": gettext_lazy("Hạn đề nghị")}
DEADLINE_EVENTS = {EventType.DEADLINE_CHANGED, EventType.EXTENSION_DECIDED}
OFFICE_ONLY_EVENTS = {EventType.REFUSED, EventType.EXPORTED}


def _value_text(value: object) -> str:
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
    labels = (
        {**CHANGE_LABELS, **REQUEST_LABELS}
        if event.event_type == EventType.EXTENSION_REQUESTED
        else CHANGE_LABELS
    )
    return [
        (str(labels.get(k, k)), _value_text(before.get(k)), _value_text(after.get(k))) for k in keys
    ]


def _home_agencies(users: list) -> dict[int, str]:
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

    def add(label: str, pairs: list):
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


def _agency_names(codes: set[str]) -> dict[str, str]:
    return dict(Agency.objects.filter(code__in=set(codes)).values_list("code", "name"))


def _log_entries(
    *,
    scope: ReportScope,
    directive: Directive,
    all_process_ids: list[int],
    visible_ids: set[int],
) -> list[TimelineEntry]:
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
                actor=user_display_name(event.actor) or event.actor_username or _("Hệ thống"),
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


def directive_timeline(
    *, scope: ReportScope, directive: Directive, today: datetime.date
) -> Timeline:
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
                    label=_("Hạn xử lý"),
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
                    actor=user_display_name(process.closed_by),
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
