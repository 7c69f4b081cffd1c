"""What a delivery needs to know about a batch of tasks, read with a few queries whatever the
batch size: each task's title, page and directive, and who each reminder is for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from notifications_app.models import Audience
from tasks_app.models import OFFICE_AGENCY_CODE, Membership, Role
from workflows.links import task_process_path
from workflows.models import (
    DirectiveProcess,
    ExtensionProcess,
    Review,
    ReviewDecision,
    WorkflowTask,
)
from workflows.permissions import responsible_users_by_task

from .schedule import Fire


@dataclass(frozen=True)
class TaskInfo:
    title: str
    link: str
    agency_code: str
    agency_name: str
    directive_id: int | None
    notice_id: int | None
    #: A report step opened again because the report was returned: why (else "").
    returned_reason: str = ""


def _returned_reasons(process_ids: set[int]) -> dict[int, str]:
    """For each process whose latest review returned the report: the reason given."""
    if not process_ids:
        return {}
    reasons: dict[int, str] = {}
    reviews = (
        Review.objects.filter(report__process_id__in=process_ids)
        .order_by("report__process_id", "-decided_at", "-pk")
        .values_list("report__process_id", "decision", "reason")
    )
    seen: set[int] = set()
    for process_id, decision, reason in reviews:
        if process_id in seen:
            continue
        seen.add(process_id)
        if decision == ReviewDecision.RETURNED:
            reasons[process_id] = reason
    return reasons


def task_infos(tasks: list[WorkflowTask]) -> dict[int, TaskInfo]:
    """Title, page and directive of each task, in two queries (directive and extension
    processes)."""
    extension_ids = {
        t.process_id for t in tasks if t.flow_task.flow_class.process_class is ExtensionProcess
    }
    directive_ids = {t.process_id for t in tasks} - extension_ids
    processes = dict(
        DirectiveProcess.objects.filter(pk__in=directive_ids)
        .select_related("directive__notice", "lead")
        .in_bulk()
    )
    if extension_ids:
        processes.update(
            ExtensionProcess.objects.filter(pk__in=extension_ids)
            .select_related("directive_process__directive__notice", "directive_process__lead")
            .in_bulk()
        )
    returned = _returned_reasons(
        {
            t.process_id
            for t in tasks
            if t.process_id in directive_ids and t.flow_task and t.flow_task.name == "report"
        }
    )
    info = {}
    for task in tasks:
        process = processes.get(task.process_id)
        directive_process = getattr(process, "directive_process", None) or process
        step = task.flow_task.task_title if task.flow_task else ""
        title = f"{step} — {process}" if step else str(process)
        info[task.pk] = TaskInfo(
            title=title[:255],
            link=task_process_path(task)[:255],
            agency_code=task.agency.code if task.agency_id else "",
            agency_name=task.agency.name if task.agency_id else "",
            directive_id=directive_process.directive_id if directive_process else None,
            notice_id=directive_process.directive.notice_id if directive_process else None,
            returned_reason=returned.get(task.process_id, "")
            if task.process_id in directive_ids
            else "",
        )
    return info


class Audiences:
    """Who each reminder is for, read once per batch and only if needed."""

    def __init__(self, tasks: list[WorkflowTask]):
        self.tasks = tasks
        self._responsible: dict[int, list] | None = None
        self._heads: dict[int, list] | None = None
        self._office: list = []

    def responsible(self, task: WorkflowTask) -> list:
        if self._responsible is None:
            self._responsible = responsible_users_by_task(self.tasks)
        return self._responsible[task.pk]

    def _load_escalations(self) -> None:
        agency_ids = {task.agency_id for task in self.tasks if task.agency_id}
        self._heads = defaultdict(list)
        members = (
            Membership.objects.filter(
                Q(role=Role.HEAD, agency_id__in=agency_ids)
                | Q(role=Role.OFFICE, agency__code=OFFICE_AGENCY_CODE),
                user__is_active=True,
            )
            .select_related("user")
            .order_by("pk")
        )
        for membership in members:
            group = (
                self._heads[membership.agency_id] if membership.role == Role.HEAD else self._office
            )
            if membership.user not in group:
                group.append(membership.user)

    def of(self, fire: Fire, task: WorkflowTask) -> list:
        if fire.audience == Audience.RESPONSIBLE:
            return self.responsible(task)
        if self._heads is None:
            self._load_escalations()
        if fire.audience == Audience.AGENCY_HEADS:
            return self._heads.get(task.agency_id, [])
        return self._office
