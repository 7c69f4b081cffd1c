"""The shape of the generated history: the steps, what one process is to be, the tables."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from viewflow.workflow.models import Process, Task

from notifications_app.models import Delivery, TaskAlert
from workflows.models import (
    Contribution,
    DirectiveProcess,
    Period,
    Report,
    Review,
    WorkflowTask,
)

from .store import Table

FLOW = DirectiveProcess.FLOW_REF
STEPS = ["accept", "coordinate_assign", "coordinate", "report", "approve", "verify"]
TITLES = {
    "accept": "Tiếp nhận, phân công",
    "coordinate_assign": "Phân công phối hợp",
    "coordinate": "Gửi ý kiến phối hợp",
    "report": "Báo cáo kết quả",
    "approve": "Duyệt báo cáo",
    "verify": "Thẩm định kết quả",
}
MAIN_CHAIN = "main"
DAY = datetime.timedelta(days=1)


@dataclass
class Spec:
    """One process to write: who leads, with whom, its deadline and where it got to."""

    notice_id: int
    notice_number: str
    directive_id: int
    ref: str
    assignment_id: int
    lead: int
    via_group: int | None
    coordinators: list[int]
    due: datetime.date | None
    recurrence: str
    published: datetime.datetime
    fate: str  # "completed", "cancelled" or "open"
    stage: str  # the open step (open), the step it was cancelled at (cancelled)
    end: datetime.datetime  # closing time, or how far an open process got


class Tables:
    """Every table the history writes, flushed in an order that satisfies foreign keys."""

    def __init__(self):
        self.process = Table(Process)
        self.directive_process = Table(DirectiveProcess)
        self.task = Table(Task)
        self.workflow_task = Table(WorkflowTask)
        self.previous = Table(Task.previous.through, with_pk=False)
        self.period = Table(Period)
        self.contribution = Table(Contribution)
        self.report = Table(Report)
        self.review = Table(Review)
        self.alert = Table(TaskAlert)
        self.delivery = Table(Delivery)
        self.notification = None  # set by the caller (the bell's model)

    def ordered(self) -> list[Table]:
        return [
            self.process,
            self.directive_process,
            self.task,
            self.workflow_task,
            self.previous,
            self.period,
            self.contribution,
            self.report,
            self.review,
            self.alert,
            self.delivery,
            self.notification,
        ]
