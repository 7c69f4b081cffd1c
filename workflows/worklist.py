"""What one line of a work list says about a task or a process.

Every list people work from (inbox, queue, archive, process lists, home pages) shows the same
things: the notice number and item, a one-line summary of the directive, the lead agency, the
step, and the deadline with where it stands. :func:`task_rows` and :func:`process_rows` load
them for a whole page at once (a fixed number of queries, whatever the page size).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import cached_property

from project.text import one_line

from . import selectors
from .deadlines import DeadlineStanding, deadline_standing
from .links import process_path
from .models import DirectiveProcess, ExtensionProcess, WorkflowTask


@dataclass
class WorkRow:
    """One line: a task (``task``) or a whole process (``task is None``)."""

    process: DirectiveProcess
    task: WorkflowTask | None = None
    extension: ExtensionProcess | None = None
    today: datetime.date | None = None
    open_steps: list[WorkflowTask] = field(default_factory=list)

    @property
    def notice_number(self) -> str:
        return self.process.directive.notice.number

    @property
    def notice_id(self) -> int:
        return self.process.directive.notice_id

    @property
    def ref(self) -> str:
        return self.process.directive.ref

    @property
    def summary(self) -> str:
        return one_line(self.process.directive.text)

    @property
    def lead(self) -> str:
        return self.process.lead.name

    @property
    def step(self) -> str:
        if self.task is None:
            return ""
        return str(self.task.flow_task.task_title)

    @property
    def due_date(self) -> datetime.date | None:
        if self.task is not None:
            return self.task.due_date
        return self.process.due_date

    @cached_property
    def standing(self) -> DeadlineStanding:
        finished = self.task.finished if self.task is not None else None
        if self.task is None and not self.process.is_open and self.process.closed_at:
            finished = self.process.closed_at
        finished_on = timezone.localtime(finished).date() if finished is not None else None
        return deadline_standing(self.due_date, today=self.today, finished_on=finished_on)

    @property
    def process_url(self) -> str:
        return process_path(self.process.pk)

    @property
    def url(self) -> str:
        """The task's page, or the process page for a process row."""
        if self.task is None:
            return self.process_url
        return self.task.flow_task.reverse("index", args=[self.task.process_id, self.task.pk])


def _directive_processes(ids: set[int]) -> dict[int, DirectiveProcess]:
    return {
        p.pk: p
        for p in DirectiveProcess.objects.filter(pk__in=ids).select_related(
            "directive__notice", "lead", "officer"
        )
    }


def task_rows(
    tasks: Iterable[WorkflowTask], *, today: datetime.date | None = None
) -> list[WorkRow]:
    """A row per task (directive steps and extension decisions), in the order given."""
    tasks = list(tasks)
    ids = {task.process_id for task in tasks}
    directive_processes = _directive_processes(ids)
    extensions = {
        e.pk: e
        for e in ExtensionProcess.objects.filter(
            pk__in=ids - directive_processes.keys()
        ).select_related(
            "directive_process__directive__notice", "directive_process__lead", "requested_by"
        )
    }
    rows = []
    for task in tasks:
        if task.process_id in directive_processes:
            process = directive_processes[task.process_id]
            rows.append(WorkRow(process=process, task=task, today=today))
        elif task.process_id in extensions:
            extension = extensions[task.process_id]
            rows.append(
                WorkRow(
                    process=extension.directive_process,
                    task=task,
                    extension=extension,
                    today=today,
                )
            )
    return rows


def process_rows(
    processes: Iterable[DirectiveProcess],
    *,
    today: datetime.date | None = None,
    with_steps: bool = False,
) -> list[WorkRow]:
    """A row per directive process, in the order given (``with_steps``: its open steps too)."""
    processes = list(processes)
    loaded = _directive_processes({p.pk for p in processes})
    steps = selectors.processes_open_steps(processes=processes) if with_steps else {}
    return [
        WorkRow(process=loaded[p.pk], today=today, open_steps=steps.get(p.pk, []))
        for p in processes
        if p.pk in loaded
    ]
