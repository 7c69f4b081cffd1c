"""seed_scale: years of history in bulk that the pages, reports and the audit check read as
real, the same for the same seed, and never written twice by mistake."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from notifications.models import Notification

from audit.services import audit_verify
from notifications_app.models import TaskAlert
from notifications_app.scale import SCALE_MARK, scale_seed
from tasks_app.demo import demo_seed
from tasks_app.models import Notice
from workflows.models import DirectiveProcess, Outcome, WorkflowTask
from workflows.selectors import OPEN_TASK_STATUSES

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def people(registry):
    demo_seed(password="mat-khau-thu")


def fingerprint(processes) -> list[tuple]:
    """What the generated processes are, without their ids and notice numbers."""
    rows = []
    for p in processes.select_related("lead", "officer", "directive").order_by("pk"):
        steps = [
            (t.flow_task_type, t.flow_task.name, t.status, t.owner_id)
            for t in WorkflowTask.objects.filter(process_id=p.pk).order_by("pk")
        ]
        rows.append(
            (p.lead.code, p.directive.ref, p.due_date, p.outcome, p.officer_id, p.closed_at, steps)
        )
    return rows


def test_the_same_seed_gives_the_same_history_in_every_state(people):
    first = scale_seed(processes=120, years=1, seed=7, today=TODAY)
    assert first.processes == 120
    assert DirectiveProcess.objects.count() == 120
    generated = fingerprint(DirectiveProcess.objects.all())

    again = scale_seed(processes=120, years=1, seed=7, today=TODAY)
    assert again.processes == 120
    newer = DirectiveProcess.objects.order_by("pk")[120:]
    assert fingerprint(DirectiveProcess.objects.filter(pk__in=[p.pk for p in newer])) == generated

    outcomes = set(DirectiveProcess.objects.values_list("outcome", flat=True))
    assert outcomes == {Outcome.OPEN, Outcome.COMPLETED, Outcome.CANCELLED}
    open_tasks = WorkflowTask.objects.filter(flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES)
    assert open_tasks.filter(due_date__lt=TODAY).exists()  # some work is overdue
    steps = {t.flow_task.name for t in open_tasks}
    assert {"accept", "report", "approve"} <= steps
    # every open human task has its alert row, as the real flow leaves it
    assert TaskAlert.objects.count() == open_tasks.count()
    assert Notification.objects.filter(unread=True).exists()
    assert Notice.objects.filter(source_filename=SCALE_MARK).count() > 3
    assert all(result.ok for _chain, result in audit_verify())


def test_pages_show_the_generated_work_to_the_right_people(client, people):
    scale_seed(processes=150, years=2, seed=3, today=datetime.date.today())
    waiting = (
        WorkflowTask.objects.filter(
            flow_task_type="HUMAN", status="NEW", actor_role="head", agency__code__isnull=False
        )
        .exclude(agency__code="VPTU")
        .select_related("agency")
        .first()
    )
    assert waiting is not None
    code = waiting.agency.code
    client.force_login(
        Notice.objects.first().imported_by.__class__.objects.get(username=f"{code.lower()}_head")
    )
    queue = client.get("/workflow/queue/").content.decode()
    assert f'data-row-id="{waiting.pk}"' in queue

    process = DirectiveProcess.objects.get(pk=waiting.process_id)
    page = client.get(f"/workflow/flows/directive/{process.pk}/")
    assert page.status_code == 200
    assert process.directive.notice.number in page.content.decode()

    client.force_login(Notice.objects.first().imported_by)  # the Office
    listing = client.get("/workflow/flows/directive/flows/").content.decode()
    assert re.search(r"\d{6}-TB/TU", listing)
    assert client.get("/reports/dashboard/").status_code == 200
    assert client.get("/reports/history/").status_code == 200


def test_the_command_refuses_a_database_that_already_has_generated_data(people, capsys):
    call_command("seed_scale", "--processes", "20", "--years", "1", "--seed", "2")
    assert "Đã sinh" in capsys.readouterr().out
    with pytest.raises(CommandError, match="đã có dữ liệu sinh bởi seed_scale"):
        call_command("seed_scale", "--processes", "20", "--years", "1")
    call_command("seed_scale", "--processes", "20", "--years", "1", "--append")
    assert DirectiveProcess.objects.count() == 40
    call_command("verify_audit")
