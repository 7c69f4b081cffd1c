"""What each person's home page lists, by role (read only; scoped like every other page).

- Office: drafts to review, extension requests and verifications waiting, overdue work by lead
  agency, the deadlines of the coming week;
- heads and deputies: approvals waiting, coordination requests, the agency's queue, their own
  tasks, the agency's work overdue or due within three working days;
- officers: their tasks (and their agency's unclaimed officer tasks), soonest deadline first;
- auditors (and administrators without an agency): overdue work by agency, with its history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from project.paging import page_of
from project.text import vietnamese_sort_key
from tasks_app.models import HEAD_ROLES, Notice, Role
from tasks_app.selectors import (
    UserLike,
    user_agencies,
    user_has_role,
    user_is_auditor,
    user_is_office,
    user_sees_everything,
)
from workflows import selectors as workflow_selectors
from workflows.deadlines import due_soon_limit
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import DirectiveProcess, Outcome, WorkflowTask
from workflows.worklist import WorkRow, process_rows, task_rows

#: At most this many rows per section; the section links to the full list.
SECTION_ROWS = 20


def url_or_empty(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@dataclass
class Section:
    """One block of a home page: a list of tasks or processes."""

    key: str
    title: str
    rows: list[WorkRow]
    empty: str
    total: int = 0
    more_url: str = ""
    tasks: bool = True


@dataclass
class AgencyOverdue:
    agency_id: int
    name: str
    count: int
    url: str


@dataclass
class HomePage:
    roles: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    drafts: list[Notice] | None = None
    overdue_by_agency: list[AgencyOverdue] | None = None
    overdue_total: int = 0
    due_soon_total: int = 0


def _open_tasks(user: UserLike) -> QuerySet[WorkflowTask]:
    """Tasks the user may act on now: given to them, or waiting in their queue."""
    # one WHERE with both conditions (OR), not two IN subqueries: the planner reads each side
    # by its index instead of scanning every task ever created
    inbox = workflow_selectors.tasks_inbox(user=user).order_by()
    queue = workflow_selectors.tasks_queue(user=user).order_by()
    return (
        (inbox | queue)
        .select_related("process", "agency", "owner")
        .order_by("due_date", "created", "pk")
    )


def _nulls_last(queryset: QuerySet) -> list:
    rows = list(queryset)
    return [r for r in rows if r.due_date is not None] + [r for r in rows if r.due_date is None]


def _task_section(key, title, tasks: QuerySet, empty, *, today, more_url="") -> Section:
    total = tasks.count()
    rows = task_rows(_nulls_last(tasks[:SECTION_ROWS]), today=today)
    return Section(key, title, rows, empty, total=total, more_url=more_url)


def _process_section(key, title, processes: QuerySet, empty, *, today, more_url="") -> Section:
    total = processes.count()
    rows = process_rows(processes[:SECTION_ROWS], today=today, with_steps=True)
    return Section(key, title, rows, empty, total=total, more_url=more_url, tasks=False)


def _visible_open(user: UserLike) -> QuerySet[DirectiveProcess]:
    return workflow_selectors.processes_visible_to(user=user).filter(outcome=Outcome.OPEN)


def overdue_by_agency(*, user: UserLike, today: datetime.date) -> list[AgencyOverdue]:
    """Open work past its deadline, counted per lead agency (most first, then by name)."""
    rows = (
        _visible_open(user)
        .filter(due_date__lt=today)
        .order_by()
        .values("lead_id", "lead__name")
        .annotate(n=Count("pk"))
    )
    process_list = url_or_empty("workflow:flows:directive:process_list")
    result = [
        AgencyOverdue(
            agency_id=row["lead_id"],
            name=row["lead__name"],
            count=row["n"],
            url=f"{process_list}?deadline=overdue&lead={row['lead_id']}" if process_list else "",
        )
        for row in rows
    ]
    result.sort(key=lambda item: (-item.count, vietnamese_sort_key(item.name)))
    return result


def draft_notices() -> QuerySet[Notice]:
    return Notice.objects.filter(status=Notice.Status.DRAFT).order_by("-created_at")


def home_page(*, user: UserLike, today: datetime.date) -> HomePage:
    """The sections of ``user``'s home page, for every role they hold."""
    page = HomePage()
    open_tasks = _open_tasks(user)
    inbox_url = url_or_empty("workflow:inbox")
    queue_url = url_or_empty("workflow:queue")
    process_list = url_or_empty("workflow:flows:directive:process_list")
    soon = due_soon_limit(today)
    visible_open = _visible_open(user)
    page.overdue_total = visible_open.filter(due_date__lt=today).count()
    page.due_soon_total = visible_open.filter(due_date__gte=today, due_date__lte=soon).count()

    if user_is_office(user=user):
        page.roles.append(Role.OFFICE)
        page.drafts = list(draft_notices())
        page.sections += [
            _task_section(
                "gia-han",
                _("Đề nghị gia hạn chờ xem xét"),
                open_tasks.filter(flow_task=ExtensionFlow.decide),
                _("Không có đề nghị gia hạn nào đang chờ."),
                today=today,
                more_url=queue_url,
            ),
            _task_section(
                "tham-dinh",
                _("Kết quả chờ thẩm định"),
                open_tasks.filter(flow_task=DirectiveFlow.verify),
                _("Không có kết quả nào chờ thẩm định."),
                today=today,
                more_url=queue_url,
            ),
        ]
        week_end = today + datetime.timedelta(days=6)
        page.sections.append(
            _process_section(
                "trong-tuan",
                _("Hạn xử lý trong 7 ngày tới"),
                visible_open.filter(due_date__gte=today, due_date__lte=week_end)
                .select_related("directive__notice", "lead")
                .order_by("due_date", "lead__name", "pk"),
                _("Không có hạn xử lý nào trong 7 ngày tới."),
                today=today,
                more_url=process_list,
            )
        )
        page.overdue_by_agency = overdue_by_agency(user=user, today=today)

    heads = user_agencies(user=user, roles=HEAD_ROLES)
    if heads.exists():
        page.roles.append(Role.HEAD)
        head_tasks = open_tasks.filter(actor_role="head", agency__in=heads)
        approvals = head_tasks.filter(flow_task=DirectiveFlow.approve)
        coordination = head_tasks.filter(flow_task=DirectiveFlow.coordinate_assign)
        others = head_tasks.exclude(
            flow_task__in=[DirectiveFlow.approve, DirectiveFlow.coordinate_assign]
        )
        page.sections += [
            _task_section(
                "cho-duyet",
                _("Báo cáo chờ duyệt"),
                approvals,
                _("Không có báo cáo nào chờ duyệt."),
                today=today,
                more_url=queue_url,
            ),
            _task_section(
                "phoi-hop",
                _("Đề nghị phối hợp"),
                coordination,
                _("Không có đề nghị phối hợp nào."),
                today=today,
                more_url=queue_url,
            ),
            _task_section(
                "hang-doi",
                _("Việc của cơ quan chờ nhận, đang xử lý"),
                others,
                _("Cơ quan không có việc nào chờ lãnh đạo."),
                today=today,
                more_url=queue_url,
            ),
            _process_section(
                "sap-den-han",
                _("Nhiệm vụ quá hạn hoặc đến hạn trong 3 ngày làm việc"),
                DirectiveProcess.objects.filter(
                    lead__in=heads, outcome=Outcome.OPEN, due_date__lte=soon
                )
                .select_related("directive__notice", "lead")
                .order_by("due_date", "pk"),
                _("Không có nhiệm vụ nào quá hạn hay sắp đến hạn."),
                today=today,
                more_url=f"{process_list}?deadline=overdue" if process_list else "",
            ),
        ]

    if user_has_role(user=user, roles=[Role.OFFICER]):
        page.roles.append(Role.OFFICER)
        page.sections.append(
            _task_section(
                "viec-cua-toi",
                _("Việc của tôi"),
                open_tasks.filter(actor_role="officer"),
                _("Bạn không có việc nào đang chờ."),
                today=today,
                more_url=inbox_url,
            )
        )

    if not page.roles and (user_is_auditor(user=user) or user_sees_everything(user=user)):
        page.roles.append(Role.AUDITOR)
        page.overdue_by_agency = overdue_by_agency(user=user, today=today)
        page.sections.append(
            _process_section(
                "qua-han",
                _("Nhiệm vụ quá hạn"),
                visible_open.filter(due_date__lt=today)
                .select_related("directive__notice", "lead")
                .order_by("due_date", "pk"),
                _("Không có nhiệm vụ nào quá hạn."),
                today=today,
                more_url=f"{process_list}?deadline=overdue" if process_list else "",
            )
        )
    return page


# --- published notices and their processes ----------------------------------------------------


@dataclass
class NoticeSummary:
    notice: Notice
    total: int
    open: int
    overdue: int


#: Notices per page of the published notices list.
NOTICES_PER_PAGE = 25


def notices_visible(*, user: UserLike, today: datetime.date, page=None) -> Page:
    """A page of the published notices with at least one process the user may see, newest
    first, each with the number of those processes, still open, and overdue.

    The page's notices are picked first (by the index on notices, latest first), then their
    processes counted in one grouped query: the cost does not grow with the years of notices.
    A page past the end is the last page, a page that is not a number the first.
    """
    visible = workflow_selectors.processes_visible_to(user=user)
    notices = Notice.objects.filter(
        pk__in=visible.order_by().values("directive__notice_id")
    ).order_by("-date", "number", "pk")
    current = page_of(Paginator(notices, NOTICES_PER_PAGE), page)
    page_notices = list(current.object_list)
    counts = {
        row["directive__notice_id"]: row
        for row in visible.filter(directive__notice__in=page_notices)
        .order_by()
        .values("directive__notice_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(outcome=Outcome.OPEN)),
            overdue=Count("pk", filter=Q(outcome=Outcome.OPEN, due_date__lt=today)),
        )
    }
    current.object_list = [
        NoticeSummary(
            notice=notice,
            total=counts[notice.pk]["total"],
            open=counts[notice.pk]["open"],
            overdue=counts[notice.pk]["overdue"],
        )
        for notice in page_notices
        if notice.pk in counts
    ]
    return current


@dataclass
class DirectiveBlock:
    """One item of a notice and the processes (one per lead agency) the user may see."""

    directive: object
    rows: list[WorkRow]

    @property
    def open(self) -> int:
        return sum(1 for row in self.rows if row.process.is_open)


def notice_directives(
    *, user: UserLike, notice: Notice, today: datetime.date
) -> list[DirectiveBlock]:
    """The notice's items in order, each with the processes the user may see (leads in
    Vietnamese alphabetical order); items without such a process are left out."""
    processes = (
        workflow_selectors.processes_visible_to(user=user)
        .filter(directive__notice=notice)
        .order_by("directive__position", "pk")
    )
    rows = process_rows(processes, today=today, with_steps=True)
    by_directive: dict[int, list[WorkRow]] = {}
    for row in rows:
        by_directive.setdefault(row.process.directive_id, []).append(row)
    blocks = []
    for directive in notice.directives.order_by("position", "pk"):
        directive_rows = by_directive.get(directive.pk)
        if directive_rows:
            directive_rows.sort(key=lambda row: vietnamese_sort_key(row.lead))
            blocks.append(DirectiveBlock(directive=directive, rows=directive_rows))
    return blocks
