"""The engine's cost of one directive's whole life stays where it was measured: a test fails
when a change adds statements to it (bench/bench_lifecycle.py compares it with bare viewflow)."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks_app.models import Agency, Assignment
from tests.factories import DirectiveFactory, NoticeFactory
from workflows import services
from workflows.flows import DirectiveFlow
from workflows.models import Outcome, WorkflowTask

pytestmark = pytest.mark.django_db(transaction=True)  # each service commits, as in production

#: Statements of one lifecycle (publish → close, two coordinating agencies, a deadline, a fresh
#: user object per step as in a request), as measured; bare viewflow with the same nodes takes
#: 162 on PostgreSQL. SQLite needs a few more (the audit chain's head is read, then updated).
#: Publishing reads its summary (deadlines within range, none past) first: 2 more.
#: Telling people what happened (the officer chosen, the process closed: ~6 statements each)
#: and marking the alerts of each finished task read (1 per task): 21 more.
BUDGET = {"postgresql": 297, "sqlite": 321}
SAVEPOINT_BUDGET = 26  # bare viewflow: 30


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def _task(process, node, agency=None):
    tasks = WorkflowTask.objects.filter(
        process_id=process.pk, flow_task=node, status__in=("NEW", "ASSIGNED")
    )
    return tasks.get(agency__code=agency) if agency else tasks.get()


def _lifecycle(staff, lead: str, coordinators: tuple[str, ...]):
    people = {code: (staff.head(code), staff.officer(code)) for code in (lead, *coordinators)}
    office = staff.office()
    notice = NoticeFactory()
    directive = DirectiveFactory(notice=notice, needs_review=False)
    assignment = Assignment.objects.create(
        directive=directive,
        lead=Agency.objects.get(code=lead),
        due_date=datetime.date.today() + datetime.timedelta(days=60),
    )
    assignment.coordinators.set(Agency.objects.filter(code__in=coordinators))
    # after each commit a worker is woken to deliver (a message to the broker): not run here
    with (
        mock.patch("notifications_app.receivers.alerts_sweep"),
        mock.patch("notifications_app.receivers.emails_send"),
        CaptureQueriesContext(connection) as queries,
    ):
        [assignment] = services.notice_publish(notice=notice, by=_fresh(office))
        process = assignment.workflow_process
        head, officer = people[lead]
        services.task_accept(
            task=_task(process, DirectiveFlow.accept),
            by=_fresh(head),
            officer=_fresh(officer),
            plan="Kế hoạch.",
        )
        for code in coordinators:
            services.task_coordination_assign(
                task=_task(process, DirectiveFlow.coordinate_assign, code),
                by=_fresh(people[code][0]),
                officer=_fresh(people[code][1]),
            )
            services.task_contribution_submit(
                task=_task(process, DirectiveFlow.coordinate, code),
                by=_fresh(people[code][1]),
                text="Ý kiến.",
            )
        services.task_report_submit(
            task=_task(process, DirectiveFlow.report), by=_fresh(officer), text="Xong."
        )
        services.task_approve(
            task=_task(process, DirectiveFlow.approve), by=_fresh(head), approved=True
        )
        services.task_verify(
            task=_task(process, DirectiveFlow.verify), by=_fresh(office), accepted=True
        )
    process.refresh_from_db()
    assert process.outcome == Outcome.COMPLETED
    # transaction control (BEGIN, COMMIT) is not a statement of the work
    return [q["sql"] for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]


def test_one_lifecycle_with_two_coordinating_agencies_stays_within_its_sql_budget(staff):
    _lifecycle(staff, "BTCTU", ("BDVTU", "TCT"))  # first use: chain heads, caches
    sqls = _lifecycle(staff, "BTCTU", ("BDVTU", "TCT"))
    savepoints = sum(1 for sql in sqls if "SAVEPOINT" in sql)
    budget = BUDGET[connection.vendor]
    assert len(sqls) <= budget, f"{len(sqls)} statements (budget {budget})"
    assert savepoints <= SAVEPOINT_BUDGET, f"{savepoints} savepoint statements"
