"""Inbox, queue, archive and process lists: the deadline and where it stands, soonest first,
and filters by deadline, lead agency and notice."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from project.calendar import add_working_days
from workflows.flows import DirectiveFlow
from workflows.models import WorkflowTask

QUEUE = "/workflow/queue/"
PROCESSES = "/workflow/flows/directive/flows/"


def row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-row-id="(\d+)"', html)]


def badges(html: str) -> list[str]:
    return re.findall(r'data-deadline="([a-z_]+)"', html)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def dated(staff, office, today):
    """Four directives led by Ban Tổ chức: late, due soon, later, and without a deadline."""
    dues = {
        "late": today - datetime.timedelta(days=3),
        "soon": add_working_days(today, 1),
        "later": today + datetime.timedelta(days=60),
        "none": None,
    }
    processes = {}
    for name, due in dues.items():
        [processes[name]] = staff.publish(leads=["BTCTU"], by=office, due_date=due)
    [processes["other"]] = staff.publish(leads=["BTGTU"], by=office, due_date=dues["late"])
    return processes


def accept_task(process) -> WorkflowTask:
    return WorkflowTask.objects.get(process_id=process.pk, flow_task=DirectiveFlow.accept)


@pytest.mark.django_db
def test_the_queue_is_sorted_by_deadline_with_a_badge_on_each_row(client, staff, dated, today):
    client.force_login(staff.head("BTCTU"))
    html = client.get(QUEUE).content.decode()

    order = [accept_task(dated[name]).pk for name in ("late", "soon", "later", "none")]
    assert row_ids(html) == order  # soonest first, no deadline last
    assert badges(html) == ["overdue", "soon", "on_track", "none"]
    assert "Quá hạn 3 ngày" in html and "Còn 1 ngày làm việc" in html
    assert f"{today - datetime.timedelta(days=3):%d/%m/%Y}" in html
    notice = dated["late"].directive.notice.number
    assert f"{notice} · mục {dated['late'].directive.ref}" in html  # not "#12/34"
    assert not re.search(r">#\d+/\d+<", html)

    # a click on the deadline header sorts the other way (no deadline still last)
    descending = client.get(QUEUE, {"_orderby": "-due_date"}).content.decode()
    assert row_ids(descending) == [order[2], order[1], order[0], order[3]]


@pytest.mark.django_db
def test_the_queue_filters_by_deadline_and_notice(client, staff, dated):
    client.force_login(staff.head("BTCTU"))

    overdue = client.get(QUEUE, {"deadline": "overdue"}).content.decode()
    assert row_ids(overdue) == [accept_task(dated["late"]).pk]
    soon = client.get(QUEUE, {"deadline": "soon"}).content.decode()
    assert row_ids(soon) == [accept_task(dated["soon"]).pk]
    notice = dated["later"].directive.notice
    by_notice = client.get(QUEUE, {"notice": notice.pk}).content.decode()
    assert row_ids(by_notice) == [accept_task(dated["later"]).pk]
    # the choices are the user's own: another agency's notice is not offered
    assert dated["other"].directive.notice.number not in by_notice
    # a made-up value changes nothing and breaks nothing
    assert client.get(QUEUE, {"deadline": "x", "notice": "abc"}).status_code == 200


@pytest.mark.django_db
def test_the_process_list_filters_by_lead_and_deadline(client, office, dated):
    client.force_login(office)
    html = client.get(PROCESSES).content.decode()
    assert set(row_ids(html)[:2]) == {dated["late"].pk, dated["other"].pk}  # the late ones first
    assert row_ids(html)[-1] == dated["none"].pk

    lead = dated["other"].lead
    overdue_of_lead = client.get(PROCESSES, {"deadline": "overdue", "lead": lead.pk})
    assert row_ids(overdue_of_lead.content.decode()) == [dated["other"].pk]
    no_deadline = client.get(PROCESSES, {"deadline": "none"}).content.decode()
    assert row_ids(no_deadline) == [dated["none"].pk]


@pytest.mark.django_db
def test_a_longer_queue_costs_no_more_queries(client, staff, office, dated):
    head = staff.head("BTCTU")
    client.force_login(head)
    client.get(QUEUE)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for _ in range(6):
        staff.publish(leads=["BTCTU"], by=office, due_date=timezone.localdate())
    with CaptureQueriesContext(connection) as many:
        html = client.get(QUEUE).content.decode()
    assert len(row_ids(html)) == 10
    assert len(many.captured_queries) <= len(few.captured_queries) + 2
