"""Helpers for workflow tests: people of each agency, publishing assignments, open tasks."""

import datetime

from django.contrib.auth import get_user_model
from viewflow.workflow.status import STATUS

from tasks_app.models import Agency, AgencyGroup, Assignment, Directive, Membership, Role
from tests.factories import DirectiveFactory, NoticeFactory, UserFactory
from workflows import services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import WorkflowTask

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


class Staff:
    """Users by agency and role, created on first use: ``staff.head("BTCTU")``.

    Usernames follow the demo seed: ``<code>_head``, ``<code>_officer`` (``_officer2`` …),
    ``<code>_deputy``, and ``vptu_office`` for the Office.
    """

    def _user(self, code: str, role: str, suffix: str = ""):
        username = f"{code.lower()}_{role}{suffix}"
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = UserFactory(
                username=username, first_name=f"{role.title()}{suffix}", last_name=code
            )
            agency = Agency.objects.get(code=code)
            Membership.objects.create(user=user, agency=agency, role=role)
        return user

    def head(self, code: str):
        return self._user(code, Role.HEAD)

    def deputy(self, code: str):
        return self._user(code, Role.DEPUTY)

    def officer(self, code: str, n: int = 1):
        return self._user(code, Role.OFFICER, "" if n == 1 else str(n))

    def office(self, n: int = 1):
        return self._user("VPTU", Role.OFFICE, "" if n == 1 else str(n))


def assignments_publish(
    *,
    directive: Directive,
    leads: list[str],
    by,
    coordinators: list[str] = (),
    due_date: datetime.date | None = None,
    recurrence: str = "",
):
    """Mimic publishing for one directive: expand group leads (an agency that already leads
    the directive is not added again), create the assignments, start their processes."""
    assignments = []
    taken = set(Assignment.objects.filter(directive=directive).values_list("lead__code", flat=True))
    coordinator_objs = list(Agency.objects.filter(code__in=coordinators))
    explicit = [code for code in leads if Agency.objects.filter(code=code).exists()]
    for code in leads:
        group = AgencyGroup.objects.filter(code=code).first()
        if group is None:
            members = [(Agency.objects.get(code=code), None)]
        else:
            members = [
                (agency, group)
                for agency in group.members.filter(is_active=True).order_by("code")
                if agency.code not in explicit
            ]
        for agency, via_group in members:
            if agency.code in taken:
                continue
            taken.add(agency.code)
            assignment = Assignment.objects.create(
                directive=directive,
                lead=agency,
                via_group=via_group,
                due_date=due_date,
                recurrence=recurrence,
            )
            assignment.coordinators.set([a for a in coordinator_objs if a != agency])
            assignments.append(assignment)
    directive.state = Directive.State.PUBLISHED
    directive.save(update_fields=["state"])
    return services.assignment_processes_start(assignments=assignments, by=by)


def directive_publish(*, leads, by, coordinators=(), due_date=None, recurrence="", **kwargs):
    """A new directive (of a new notice) published to ``leads``; returns its processes."""
    directive = DirectiveFactory(**kwargs) if kwargs else DirectiveFactory(notice=NoticeFactory())
    return assignments_publish(
        directive=directive,
        leads=leads,
        by=by,
        coordinators=coordinators,
        due_date=due_date,
        recurrence=recurrence,
    )


def open_task(process, node, agency: str | None = None) -> WorkflowTask:
    """The one open task of ``node`` (a DirectiveFlow/ExtensionFlow node) in ``process``."""
    tasks = WorkflowTask.objects.filter(process_id=process.pk, flow_task=node, status__in=OPEN)
    if agency is not None:
        tasks = tasks.filter(agency__code=agency)
    return tasks.get()


def open_tasks(process) -> list[WorkflowTask]:
    return list(
        WorkflowTask.objects.filter(
            process_id=process.pk, flow_task_type="HUMAN", status__in=OPEN
        ).order_by("pk")
    )


def open_step_names(process) -> list[str]:
    return sorted(task.flow_task.name for task in open_tasks(process))


def accept(process, staff, *, officer=None, meeting=False, plan="Kế hoạch: triển khai ngay."):
    lead = process.lead.code
    return services.task_accept(
        task=open_task(process, DirectiveFlow.accept),
        by=staff.head(lead),
        officer=officer or staff.officer(lead),
        plan=plan,
        meeting_required=meeting,
    )


def coordinate(process, staff, code: str, text: str = "Ý kiến phối hợp."):
    services.task_coordination_assign(
        task=open_task(process, DirectiveFlow.coordinate_assign, code),
        by=staff.head(code),
        officer=staff.officer(code),
    )
    return services.task_contribution_submit(
        task=open_task(process, DirectiveFlow.coordinate, code),
        by=staff.officer(code),
        text=text,
    )


def report(process, staff, text: str = "Đã hoàn thành.", files=()):
    process.refresh_from_db()
    return services.task_report_submit(
        task=open_task(process, DirectiveFlow.report), by=process.officer, text=text, files=files
    )


def approve(process, staff, approved: bool = True, reason: str = ""):
    return services.task_approve(
        task=open_task(process, DirectiveFlow.approve),
        by=staff.head(process.lead.code),
        approved=approved,
        reason=reason,
    )


def verify(process, staff, accepted: bool = True, reason: str = "", close: bool = True):
    return services.task_verify(
        task=open_task(process, DirectiveFlow.verify),
        by=staff.office(),
        accepted=accepted,
        reason=reason,
        close=close,
    )


def drive_to_close(process, staff):
    """Accept (no coordination left open), report, approve, verify: the simplest closure."""
    accept(process, staff)
    for code in process.assignment.coordinators.values_list("code", flat=True):
        coordinate(process, staff, code)
    report(process, staff)
    approve(process, staff)
    verify(process, staff)
    process.refresh_from_db()
    return process


__all__ = [
    "OPEN",
    "DirectiveFlow",
    "ExtensionFlow",
    "Staff",
    "accept",
    "approve",
    "assignments_publish",
    "coordinate",
    "directive_publish",
    "drive_to_close",
    "open_step_names",
    "open_task",
    "open_tasks",
    "report",
    "verify",
]
