"""Small helpers for assertions (fixtures are in ``tests/conftest.py``)."""

from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from tasks_app.models import Directive
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


def directive_post(directive: Directive, *, browser_line_ends: bool = True, **changes) -> dict:
    """What the directive's form posts when nothing is changed (textarea line ends as a browser
    sends them: CRLF), updated with ``changes``: ``text``, ``reviewed``, and per assignment
    ``a<index>-<field>`` (``a<index>-DELETE`` ticks deletion; index ``n`` is the blank row)."""
    prefix = f"d{directive.pk}"
    assignments = list(directive.assignments.order_by("pk"))
    text = directive.text.replace("\n", "\r\n") if browser_line_ends else directive.text
    data = {
        f"{prefix}-text": text,
        f"{prefix}-a-TOTAL_FORMS": str(len(assignments) + 1),
        f"{prefix}-a-INITIAL_FORMS": str(len(assignments)),
        f"{prefix}-a-MIN_NUM_FORMS": "0",
        f"{prefix}-a-MAX_NUM_FORMS": "1000",
    }
    if not directive.needs_review:
        data[f"{prefix}-reviewed"] = "on"
    for index, assignment in enumerate(assignments):
        row = f"{prefix}-a-{index}"
        data[f"{row}-id"] = str(assignment.pk)
        data[f"{row}-lead"] = (
            assignment.lead.code if assignment.lead_id else assignment.lead_group.code
        )
        data[f"{row}-coordinators"] = [a.code for a in assignment.coordinators.all()]
        data[f"{row}-due_date"] = assignment.due_date.isoformat() if assignment.due_date else ""
        data[f"{row}-due_working_days"] = assignment.due_working_days or ""
        data[f"{row}-recurrence"] = assignment.recurrence
    for key, value in changes.items():
        if key == "text":
            data[f"{prefix}-text"] = value
        elif key == "reviewed":
            if value:
                data[f"{prefix}-reviewed"] = "on"
            else:
                data.pop(f"{prefix}-reviewed", None)
        elif key.startswith("confirm") or key.startswith("keep"):
            data[f"{prefix}-{key}"] = value
        else:  # a0-lead, a1-DELETE …
            data[f"{prefix}-a-{key[1:]}"] = value
    return data


def reminder_recipients(task: WorkflowTask) -> set[str]:
    """Who the reminders of ``task`` would go to (usernames), by its alert row and the
    reminder policy, as the sweep works it out when they fire."""
    from notifications_app.models import TaskAlert
    from notifications_app.services.context import Audiences
    from notifications_app.services.schedule import active_rules, reminder_fires

    alert = TaskAlert.objects.filter(task=task).first()
    if alert is None or alert.due_date is None:
        return set()
    task = WorkflowTask.objects.select_related("agency", "owner").get(pk=task.pk)
    audiences = Audiences([task])
    return {
        user.get_username()
        for fire in reminder_fires(due=alert.due_date, rules=active_rules())
        for user in audiences.of(fire, task)
    }
