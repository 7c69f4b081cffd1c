"""One directive's whole life, publish → close, with two coordinating agencies and a deadline:
through our services (``ours_*``) and through the bare viewflow flow (``bare_*``).

Human steps in both: accept, coordinate_assign × 2, coordinate × 2, report, approve, verify.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

HUMAN_STEPS = 8
LEAD, COORDINATORS = "BTCTU", ("BDVTU", "TCT")
_numbers = itertools.count(1)


@dataclass
class People:
    """Who does each step (user ids). Each step loads its user afresh, as a request does."""

    office: int
    heads: dict
    officers: dict


def user(pk: int):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=pk)


def people() -> People:
    """The registry and the people of the lead, the coordinators and the Office (once)."""
    from django.contrib.auth import get_user_model

    from tasks_app.models import Agency, Membership, Role
    from tasks_app.registry import registry_load

    if not Agency.objects.exists():
        registry_load()
    User = get_user_model()

    def member(code: str, role: str, suffix: str = ""):
        user, created = User.objects.get_or_create(
            username=f"bench_{code.lower()}_{role}{suffix}",
            defaults={"email": f"{code.lower()}.{role}{suffix}@example.org"},
        )
        if created:
            Membership.objects.create(user=user, agency=Agency.objects.get(code=code), role=role)
        return user.pk

    heads, officers = {}, {}
    for code in (LEAD, *COORDINATORS):
        heads[code] = member(code, Role.HEAD)
        member(code, Role.DEPUTY)
        officers[code] = member(code, Role.OFFICER)
        member(code, Role.OFFICER, "2")
    office = member("VPTU", Role.OFFICE)
    member("VPTU", Role.OFFICE, "2")
    return People(office=office, heads=heads, officers=officers)


def ours_draft(due: datetime.date | None = None):
    """A reviewed draft notice with one directive led by BTCTU, two coordinators, a deadline."""
    from tasks_app.models import Agency, Assignment, Directive, Notice

    n = next(_numbers)
    notice = Notice.objects.create(
        number=f"{n}-TB/TU", date=datetime.date(2024, 1, 2), issuer="Tỉnh ủy", title="Đo"
    )
    directive = Directive.objects.create(
        notice=notice, ref="1", position=0, text="Tổ chức thực hiện, báo cáo kết quả."
    )
    assignment = Assignment.objects.create(
        directive=directive,
        lead=Agency.objects.get(code=LEAD),
        due_date=due or datetime.date.today() + datetime.timedelta(days=60),
    )
    assignment.coordinators.set(Agency.objects.filter(code__in=COORDINATORS))
    return notice


def ours_lifecycle(notice, staff: People):
    """Publish ``notice`` and take its process through every step to closure."""
    from workflows import services
    from workflows.flows import DirectiveFlow
    from workflows.models import WorkflowTask

    def task(process, node, agency=None):
        tasks = WorkflowTask.objects.filter(
            process_id=process.pk, flow_task=node, status__in=("NEW", "ASSIGNED")
        )
        return tasks.get(agency__code=agency) if agency else tasks.get()

    [assignment] = services.notice_publish(notice=notice, by=user(staff.office))
    process = assignment.workflow_process
    services.task_accept(
        task=task(process, DirectiveFlow.accept),
        by=user(staff.heads[LEAD]),
        officer=user(staff.officers[LEAD]),
        plan="Kế hoạch: triển khai ngay.",
    )
    for code in COORDINATORS:
        services.task_coordination_assign(
            task=task(process, DirectiveFlow.coordinate_assign, code),
            by=user(staff.heads[code]),
            officer=user(staff.officers[code]),
        )
        services.task_contribution_submit(
            task=task(process, DirectiveFlow.coordinate, code),
            by=user(staff.officers[code]),
            text="Ý kiến phối hợp.",
        )
    services.task_report_submit(
        task=task(process, DirectiveFlow.report),
        by=user(staff.officers[LEAD]),
        text="Đã hoàn thành.",
    )
    services.task_approve(
        task=task(process, DirectiveFlow.approve), by=user(staff.heads[LEAD]), approved=True
    )
    services.task_verify(
        task=task(process, DirectiveFlow.verify), by=user(staff.office), accepted=True
    )
    process.refresh_from_db()
    assert process.outcome == "completed", process.outcome
    return process


def _bare_step(flow_class, task_pk: int, user_pk: int, update: dict | None = None) -> None:
    """What a viewflow task page does: lock, load, assign if needed, start, save, execute."""
    from django.db import transaction
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    task = Task.objects.get(pk=task_pk)
    user(user_pk)  # the signed-in user of the request
    with flow_class.lock(task.process_id), transaction.atomic():
        task = Task.objects.select_related("process").get(pk=task_pk)
        activation = task.flow_task.activation_class(task)
        if task.status == STATUS.NEW:
            activation.assign(user(user_pk))
        activation.start(None)
        if update:
            activation.process.data.update(update)
            activation.process.save(update_fields=["data"])
        activation.execute()


def bare_lifecycle(staff: People):
    from viewflow.workflow.models import Task

    from bench.bareflow.flows import BareFlow

    user(staff.office)  # the signed-in user of the request
    process = BareFlow.start.run(
        data={
            "lead": LEAD,
            "coordinators": list(COORDINATORS),
            "due_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
        }
    )

    def open_task(node, agency=None):
        tasks = Task.objects.filter(
            process_id=process.pk, flow_task=node, status__in=("NEW", "ASSIGNED")
        )
        if agency:
            tasks = tasks.filter(data__agency=agency)
        return tasks.get().pk

    _bare_step(
        BareFlow,
        open_task(BareFlow.accept),
        staff.heads[LEAD],
        {"officer": staff.officers[LEAD], "plan": "Kế hoạch: triển khai ngay."},
    )
    process.refresh_from_db()
    officers = {}
    for code in COORDINATORS:
        officers[code] = staff.officers[code]
        _bare_step(
            BareFlow,
            open_task(BareFlow.coordinate_assign, code),
            staff.heads[code],
            {"coordination_officers": dict(officers)},
        )
        _bare_step(
            BareFlow,
            open_task(BareFlow.coordinate, code),
            staff.officers[code],
            {f"contribution_{code}": "Ý kiến phối hợp."},
        )
    _bare_step(
        BareFlow, open_task(BareFlow.report), staff.officers[LEAD], {"report": "Đã hoàn thành."}
    )
    _bare_step(BareFlow, open_task(BareFlow.approve), staff.heads[LEAD], {"approved": True})
    _bare_step(BareFlow, open_task(BareFlow.verify), staff.office, {"verified": True})
    process.refresh_from_db()
    assert process.status == "DONE", process.status
    return process
