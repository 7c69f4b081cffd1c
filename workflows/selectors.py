"""Read side of the workflow: what a user may see, open tasks, records, group roll-ups.

Selectors return querysets (or plain values); they never change anything and never decide who
may act (that is :mod:`workflows.permissions`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from viewflow.workflow.status import STATUS

from tasks_app.models import (
    HEAD_ROLES,
    OFFICE_AGENCY_CODE,
    Agency,
    AgencyGroup,
    Assignment,
    Directive,
    Membership,
    Role,
)
from tasks_app.selectors import (
    UserLike,
    is_signed_in,
    user_sees_everything,
)

from .models import (
    ActorRole,
    Attachment,
    Contribution,
    DirectiveProcess,
    ExtensionDecision,
    ExtensionProcess,
    Meeting,
    Outcome,
    Period,
    Report,
    Review,
    ReviewDecision,
    ReviewStage,
    WorkflowTask,
)

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


# --- processes --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Standing:
    """The agencies a user heads and works in as an officer *now*, and whether they are Office
    staff: read once, so that visibility filters are flat lists of ids (short SQL)."""

    head_ids: tuple[int, ...]
    officer_ids: tuple[int, ...]
    office: bool
    office_ids: tuple[int, ...] = ()  # the Office's agency, by id (the planner knows its rows)


def _standing(user: UserLike) -> _Standing:
    rows = list(
        Membership.objects.filter(user=user).values_list("agency_id", "role", "agency__code")
    )
    return _Standing(
        head_ids=tuple(sorted({agency for agency, role, _code in rows if role in HEAD_ROLES})),
        officer_ids=tuple(sorted({agency for agency, role, _code in rows if role == Role.OFFICER})),
        office=any(
            role == Role.OFFICE and code == OFFICE_AGENCY_CODE for _agency, role, code in rows
        ),
        office_ids=tuple(
            sorted(
                {
                    agency
                    for agency, role, code in rows
                    if role == Role.OFFICE and code == OFFICE_AGENCY_CODE
                }
            )
        ),
    )


def _current_task_scope(*, user: UserLike, standing: _Standing | None = None) -> Q:
    """Tasks whose agency and role the user holds *now* (head, officer, Office)."""
    standing = standing or _standing(user)
    scope = Q(actor_role=ActorRole.HEAD, agency_id__in=standing.head_ids) | Q(
        actor_role=ActorRole.OFFICER, agency_id__in=standing.officer_ids
    )
    if standing.office:
        scope |= Q(actor_role=ActorRole.OFFICE, agency_id__in=standing.office_ids)
    return scope


def visible_process_ids(*, user: UserLike) -> QuerySet | None:
    """The ids of the directive processes ``user`` may see, as one subquery: a UNION of one
    index-friendly part per way of seeing a process, each over the user's *current*
    memberships (read once). ``None``: the user sees every process (Office, auditors).

    A UNION rather than ``OR``-ed ``IN`` clauses: each part is read through its own index
    (lead, coordinators, officer, owner, agency queue), so the cost follows what the user may
    see, not the size of the tables.
    """
    if not is_signed_in(user):
        return DirectiveProcess.objects.none().values("pk")
    if user_sees_everything(user=user):
        return None
    standing = _standing(user)
    parts = []
    if standing.head_ids:
        parts.append(
            DirectiveProcess.objects.filter(lead_id__in=standing.head_ids).values("pk").order_by()
        )
        parts.append(
            Assignment.coordinators.through.objects.filter(
                agency_id__in=standing.head_ids, assignment__workflow_process__isnull=False
            )
            .values("assignment__workflow_process")
            .order_by()
        )
    if standing.officer_ids:
        parts.append(
            DirectiveProcess.objects.filter(officer=user, lead_id__in=standing.officer_ids)
            .values("pk")
            .order_by()
        )
        parts.append(
            Contribution.objects.filter(officer=user, agency_id__in=standing.officer_ids)
            .values("process_id")
            .order_by()
        )
        parts.append(
            WorkflowTask.objects.filter(
                status=STATUS.NEW, actor_role=ActorRole.OFFICER, agency_id__in=standing.officer_ids
            )
            .values("process_id")
            .order_by()
        )
    parts.append(
        WorkflowTask.objects.filter(owner=user, status__in=OPEN_TASK_STATUSES)
        .filter(_current_task_scope(user=user, standing=standing))
        .values("process_id")
        .order_by()
    )
    first, *others = parts
    return first.union(*others) if others else first


def processes_visible_to(*, user: UserLike) -> QuerySet[DirectiveProcess]:
    """Processes ``user`` may see, by the agencies and roles the user holds *now*.

    Office and auditors: all. Heads (and deputies): those their agency leads or coordinates.
    Officers: those they are currently responsible for (the lead's officer, a coordinating
    agency's officer) while still officers of that agency, those with an open task of theirs,
    and those with a task waiting in their agency's officer queue.

    Past involvement opens nothing: a user moved to another agency, or an officer replaced on
    the process, no longer sees it (nor its tasks, files, history, feed entries).
    """
    qs = DirectiveProcess.objects.all()
    if not is_signed_in(user):
        return qs.none()
    ids = visible_process_ids(user=user)
    return qs if ids is None else qs.filter(pk__in=ids)


def attachments() -> QuerySet[Attachment]:
    """Attached files with what they belong to (report, contribution or meeting minutes)."""
    return Attachment.objects.select_related(
        "report__process", "contribution__process", "meeting__process"
    )


def attachment_process(*, attachment: Attachment) -> DirectiveProcess | None:
    """The directive process an attachment belongs to (through its report, contribution or
    meeting minutes)."""
    for owner in (attachment.report, attachment.contribution, attachment.meeting):
        if owner is not None:
            return owner.process
    return None


def extensions_visible_to(*, user: UserLike) -> QuerySet[ExtensionProcess]:
    qs = ExtensionProcess.objects.all()
    if not is_signed_in(user):
        return qs.none()
    if user_sees_everything(user=user):
        return qs
    return qs.filter(directive_process__in=processes_visible_to(user=user))


def process_for_assignment(*, assignment: Assignment) -> DirectiveProcess | None:
    return DirectiveProcess.objects.filter(assignment=assignment).first()


# --- tasks ------------------------------------------------------------------------------


def _human_tasks() -> QuerySet[WorkflowTask]:
    return WorkflowTask.objects.filter(flow_task_type="HUMAN").select_related(
        "process", "agency", "owner"
    )


def tasks_inbox(*, user: UserLike) -> QuerySet[WorkflowTask]:
    """Tasks given to ``user`` and not done yet, while the user still holds their role in
    their agency (a task left behind by someone who moved waits for a head to put it back)."""
    if not is_signed_in(user):
        return WorkflowTask.objects.none()
    return (
        _human_tasks()
        .filter(owner=user, status__in=[STATUS.ASSIGNED, STATUS.STARTED])
        .filter(_current_task_scope(user=user))
        .order_by("due_date", "-created")
    )


def tasks_queue(*, user: UserLike) -> QuerySet[WorkflowTask]:
    """Unassigned tasks ``user`` may take: their agency's, for their role."""
    if not is_signed_in(user):
        return WorkflowTask.objects.none()
    return (
        _human_tasks()
        .filter(status=STATUS.NEW, owner__isnull=True)
        .filter(_current_task_scope(user=user))
        .order_by("due_date", "-created")
    )


def tasks_archive(*, user: UserLike) -> QuerySet[WorkflowTask]:
    """Tasks ``user`` completed, of the processes the user may still see."""
    if not is_signed_in(user):
        return WorkflowTask.objects.none()
    return (
        tasks_visible_to(user=user)
        .filter(flow_task_type="HUMAN", owner=user, finished__isnull=False)
        .select_related("process", "agency", "owner")
        .order_by("-finished")
    )


def tasks_visible_to(*, user: UserLike) -> QuerySet[WorkflowTask]:
    """Tasks of the directive processes the user may see, and of their extension requests."""
    if not is_signed_in(user):
        return WorkflowTask.objects.none()
    visible = visible_process_ids(user=user)
    if visible is None:
        return WorkflowTask.objects.all()
    extensions = (
        ExtensionProcess.objects.filter(directive_process_id__in=visible).values("pk").order_by()
    )
    return WorkflowTask.objects.filter(process_id__in=visible.union(extensions))


def process_open_tasks(*, process: DirectiveProcess | ExtensionProcess) -> QuerySet[WorkflowTask]:
    return WorkflowTask.objects.filter(process=process, status__in=OPEN_TASK_STATUSES)


def process_open_human_tasks(
    *, process: DirectiveProcess | ExtensionProcess
) -> QuerySet[WorkflowTask]:
    return process_open_tasks(process=process).filter(flow_task_type="HUMAN")


def process_tasks(*, process: DirectiveProcess) -> QuerySet[WorkflowTask]:
    return (
        WorkflowTask.objects.filter(process=process)
        .select_related("agency", "owner")
        .order_by("created", "pk")
    )


# --- records ----------------------------------------------------------------------------


def process_latest_report(*, process: DirectiveProcess) -> Report | None:
    return Report.objects.filter(process=process).order_by("-submitted_at", "-pk").first()


def report_latest_review(*, report: Report | None, stage: str) -> Review | None:
    if report is None:
        return None
    return report.reviews.filter(stage=stage).order_by("-decided_at", "-pk").first()


def process_reviews(*, process: DirectiveProcess) -> QuerySet[Review]:
    return (
        Review.objects.filter(report__process=process)
        .select_related("report", "decided_by")
        .order_by("decided_at", "pk")
    )


def process_reports(*, process: DirectiveProcess) -> QuerySet[Report]:
    return (
        Report.objects.filter(process=process)
        .select_related("period", "submitted_by")
        .prefetch_related("attachments", "reviews")
        .order_by("submitted_at", "pk")
    )


def process_current_period(*, process: DirectiveProcess) -> Period | None:
    return process.periods.order_by("-number").first()


def process_contributions(*, process: DirectiveProcess) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(process=process)
        .select_related("agency", "officer")
        .prefetch_related("attachments")
    )


def contribution_for(*, process: DirectiveProcess, agency: Agency) -> Contribution | None:
    return Contribution.objects.filter(process=process, agency=agency).first()


def process_pending_extension(*, process: DirectiveProcess) -> ExtensionProcess | None:
    return process.extensions.filter(decision=ExtensionDecision.PENDING).first()


def agency_get(*, pk: int) -> Agency:
    return Agency.objects.get(pk=pk)


def agency_officers(*, agency: Agency) -> QuerySet:
    """Active users holding the officer role in ``agency``."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__agency=agency, memberships__role=Role.OFFICER)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- directives and group roll-ups ------------------------------------------------------


def directive_outcome(*, directive: Directive) -> str | None:
    """The directive state its processes call for once all of them ended, else ``None``."""
    outcomes = set(
        DirectiveProcess.objects.filter(directive=directive).values_list("outcome", flat=True)
    )
    if not outcomes or Outcome.OPEN in outcomes:
        return None
    if Outcome.COMPLETED in outcomes:
        return Directive.State.CLOSED
    return Directive.State.CANCELLED


def group_rollups(*, user: UserLike) -> QuerySet:
    """One row per (directive, group) fanned out from a group lead, with progress counts."""
    visible = processes_visible_to(user=user).filter(via_group__isnull=False)
    return (
        visible.values(
            "directive_id",
            "directive__ref",
            "directive__notice__number",
            "via_group_id",
            "via_group__name",
        )
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(outcome=Outcome.OPEN)),
            completed=Count("pk", filter=Q(outcome=Outcome.COMPLETED)),
            cancelled=Count("pk", filter=Q(outcome=Outcome.CANCELLED)),
        )
        .order_by("directive__notice__number", "directive__position", "via_group__name")
    )


def group_rollup_processes(
    *, user: UserLike, directive: Directive, group: AgencyGroup
) -> QuerySet[DirectiveProcess]:
    """The member processes of one group roll-up that ``user`` may see."""
    return (
        processes_visible_to(user=user)
        .filter(directive=directive, via_group=group)
        .select_related("lead", "officer")
        .order_by("lead__code")
    )


# --- flow routing reads (called by the flows' one-line handlers) -------------------------


def coordination_branches(*, process: DirectiveProcess) -> list[dict]:
    """One branch (task data) per coordinating agency of the assignment, in code order."""
    agencies = process.assignment.coordinators.exclude(pk=process.lead_id).order_by("code")
    return [{"agency_id": pk} for pk in agencies.values_list("pk", flat=True)]


def coordination_officer(*, process: DirectiveProcess, task: WorkflowTask):
    """The officer the coordinating head chose for ``task.agency``."""
    contribution = contribution_for(process=process, agency=task.agency)
    return contribution.officer if contribution else None


def process_last_review_accepted(*, process: DirectiveProcess, stage: str) -> bool:
    review = report_latest_review(report=process_latest_report(process=process), stage=stage)
    return review is not None and review.decision == ReviewDecision.ACCEPTED


def process_closing_requested(*, process: DirectiveProcess) -> bool:
    """Whether the Office's last verification also closes the process (always, if not recurring)."""
    review = report_latest_review(
        report=process_latest_report(process=process), stage=ReviewStage.VERIFY
    )
    return review is not None and review.closes_process


def process_meeting(*, process: DirectiveProcess) -> Meeting | None:
    return (
        Meeting.objects.filter(process=process).prefetch_related("agencies", "attachments").first()
    )


def processes_open_steps(*, processes: list[DirectiveProcess]) -> dict[int, list[WorkflowTask]]:
    """The open human tasks of each process (process pk → tasks, oldest first)."""
    steps: dict[int, list[WorkflowTask]] = {}
    tasks = (
        WorkflowTask.objects.filter(
            process__in=[p.pk for p in processes],
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
        )
        .select_related("agency", "owner")
        .order_by("created", "pk")
    )
    for task in tasks:
        steps.setdefault(task.process_id, []).append(task)
    return steps


def processes_outcome_counts(*, processes: list[DirectiveProcess]) -> dict[str, int]:
    rows = (
        DirectiveProcess.objects.filter(pk__in=[p.pk for p in processes])
        .values("outcome")
        .annotate(n=Count("pk"))
    )
    return {row["outcome"]: row["n"] for row in rows}


def process_context(process: DirectiveProcess | ExtensionProcess) -> dict:
    """What every page about a directive process shows next to its main content."""
    if isinstance(process, ExtensionProcess):
        return {
            "extension": process,
            "directive_process": process.directive_process,
            "directive": process.directive_process.directive,
        }
    return {
        "directive_process": process,
        "directive": process.directive,
        "reports": process_reports(process=process),
        "reviews": process_reviews(process=process),
        "contributions": process_contributions(process=process),
        "meeting": process_meeting(process=process),
        "periods": process.periods.all(),
        "extensions": process.extensions.order_by("created"),
    }
