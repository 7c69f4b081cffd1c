"""Small helpers for assertions (fixtures are in ``tests/conftest.py``)."""

from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from workflows.models import WorkflowTask
from workflows.selectors import OPEN_TASK_STATUSES

#: The sample notice shipped with the project (142-TB/TU).
SEED_NOTICE = Path(__file__).resolve().parents[1] / "tasks_app" / "data" / "seeds" / "142-TB-TU.txt"


def on_postgresql() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def open_tasks_with_deadline() -> QuerySet[WorkflowTask]:
    """Open human tasks that have a deadline, soonest first."""
    return WorkflowTask.objects.filter(
        flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES, due_date__isnull=False
    ).order_by("due_date", "pk")
