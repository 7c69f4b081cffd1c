"""The two-axis status: the pure function, its boundaries, and the SQL annotation agreeing with
it on every case (including a closure late at night, when the UTC date is still the due date)."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from reports.status import (
    Ageing,
    Status,
    StatusCounts,
    ageing_of,
    closed_on,
    days_overdue,
    percent,
    status_of,
    with_status,
)
from tests.factories import AssignmentFactory
from workflows.flows import DirectiveFlow
from workflows.models import DirectiveProcess, Outcome

TODAY = datetime.date(2024, 1, 20)
DAY = datetime.timedelta(days=1)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# (name, outcome, due date, closed at, expected status, days overdue, ageing)
CASES = [
    ("open, no deadline", Outcome.OPEN, None, None, Status.NO_DEADLINE, None, None),
    ("open, due today", Outcome.OPEN, TODAY, None, Status.OPEN_WITHIN, None, None),
    ("open, due tomorrow", Outcome.OPEN, TODAY + DAY, None, Status.OPEN_WITHIN, None, None),
    ("open, 1 day over", Outcome.OPEN, TODAY - DAY, None, Status.OPEN_OVERDUE, 1, Ageing.DAYS_1_7),
    (
        "open, 7 days over",
        Outcome.OPEN,
        TODAY - 7 * DAY,
        None,
        Status.OPEN_OVERDUE,
        7,
        Ageing.DAYS_1_7,
    ),
    (
        "open, 8 days over",
        Outcome.OPEN,
        TODAY - 8 * DAY,
        None,
        Status.OPEN_OVERDUE,
        8,
        Ageing.DAYS_8_30,
    ),
    (
        "open, 30 days over",
        Outcome.OPEN,
        TODAY - 30 * DAY,
        None,
        Status.OPEN_OVERDUE,
        30,
        Ageing.DAYS_8_30,
    ),
    (
        "open, 31 days over",
        Outcome.OPEN,
        TODAY - 31 * DAY,
        None,
        Status.OPEN_OVERDUE,
        31,
        Ageing.DAYS_31_90,
    ),
    (
        "open, 90 days over",
        Outcome.OPEN,
        TODAY - 90 * DAY,
        None,
        Status.OPEN_OVERDUE,
        90,
        Ageing.DAYS_31_90,
    ),
    (
        "open, 91 days over",
        Outcome.OPEN,
        TODAY - 91 * DAY,
        None,
        Status.OPEN_OVERDUE,
        91,
        Ageing.OVER_90,
    ),
    (
        "done early",
        Outcome.COMPLETED,
        TODAY,
        local(TODAY - 10 * DAY, 9),
        Status.DONE_ON_TIME,
        None,
        None,
    ),
    (
        "done on the due date, first minute",
        Outcome.COMPLETED,
        TODAY - 5 * DAY,
        local(TODAY - 5 * DAY, 0, 0),
        Status.DONE_ON_TIME,
        None,
        None,
    ),
    (
        "done on the due date, 23:59 (UTC: 16:59 the same day)",
        Outcome.COMPLETED,
        TODAY - 5 * DAY,
        local(TODAY - 5 * DAY, 23, 59),
        Status.DONE_ON_TIME,
        None,
        None,
    ),
    (
        "done the next day 00:30 (UTC: still the due date)",
        Outcome.COMPLETED,
        TODAY - 5 * DAY,
        local(TODAY - 4 * DAY, 0, 30),
        Status.DONE_LATE,
        1,
        None,
    ),
    (
        "done 40 days late",
        Outcome.COMPLETED,
        TODAY - 50 * DAY,
        local(TODAY - 10 * DAY, 14),
        Status.DONE_LATE,
        40,
        None,
    ),
    (
        "done, no deadline",
        Outcome.COMPLETED,
        None,
        local(TODAY - DAY, 8),
        Status.DONE_ON_TIME,
        None,
        None,
    ),
    (
        "done before a future deadline",
        Outcome.COMPLETED,
        TODAY + 30 * DAY,
        local(TODAY, 8),
        Status.DONE_ON_TIME,
        None,
        None,
    ),
    (
        "cancelled after the deadline",
        Outcome.CANCELLED,
        TODAY - 20 * DAY,
        local(TODAY - DAY, 8),
        Status.CANCELLED,
        None,
        None,
    ),
    (
        "cancelled, no deadline",
        Outcome.CANCELLED,
        None,
        local(TODAY - DAY, 8),
        Status.CANCELLED,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("outcome", "due", "closed_at", "expected", "days", "ageing"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_status_function(outcome, due, closed_at, expected, days, ageing):
    status = status_of(outcome=outcome, due_date=due, closed_date=closed_on(closed_at), today=TODAY)
    assert status == expected
    overdue = days_overdue(
        status=status, due_date=due, closed_date=closed_on(closed_at), today=TODAY
    )
    assert overdue == days
    if status == Status.OPEN_OVERDUE:
        assert ageing_of(overdue) == ageing


def test_closed_on_is_the_day_in_vietnam():
    late_evening_utc = datetime.datetime(2023, 9, 30, 17, 30, tzinfo=datetime.UTC)
    assert closed_on(late_evening_utc) == datetime.date(2023, 10, 1)


def test_ageing_buckets_edges():
    assert [ageing_of(d) for d in (0, 1, 7, 8, 30, 31, 90, 91, 400)] == [
        None,
        Ageing.DAYS_1_7,
        Ageing.DAYS_1_7,
        Ageing.DAYS_8_30,
        Ageing.DAYS_8_30,
        Ageing.DAYS_31_90,
        Ageing.DAYS_31_90,
        Ageing.OVER_90,
        Ageing.OVER_90,
    ]


def test_rates_leave_cancelled_out_and_print_with_a_decimal_comma():
    counts = StatusCounts(
        {
            Status.DONE_ON_TIME: 2,
            Status.DONE_LATE: 1,
            Status.OPEN_OVERDUE: 2,
            Status.NO_DEADLINE: 1,
            Status.CANCELLED: 4,
        }
    )
    assert (counts.counted, counts.done, counts.open, counts.cancelled) == (6, 3, 3, 4)
    assert percent(counts.completion_rate) == "50,0%"
    assert percent(counts.on_time_rate) == "66,7%"
    assert percent(StatusCounts().on_time_rate) == "—"


@pytest.mark.django_db
def test_sql_annotation_agrees_with_the_function_on_every_case():
    expected = {}
    for name, outcome, due, closed_at, status, _days, ageing in CASES:
        assignment = AssignmentFactory(due_date=due)
        process = DirectiveProcess.objects.create(
            flow_class=DirectiveFlow,
            assignment=assignment,
            directive=assignment.directive,
            lead=assignment.lead,
            due_date=due,
            original_due_date=due,
            outcome=outcome,
            closed_at=closed_at,
        )
        expected[process.pk] = (name, status, ageing.value if ageing else "")
    annotated = with_status(DirectiveProcess.objects.all(), today=TODAY)
    seen = {}
    for process in annotated:
        python = status_of(
            outcome=process.outcome,
            due_date=process.due_date,
            closed_date=closed_on(process.closed_at),
            today=TODAY,
        )
        name, status, ageing = expected[process.pk]
        sql_closed = process.report_closed_on
        if isinstance(sql_closed, datetime.datetime):
            sql_closed = sql_closed.date()
        assert sql_closed == closed_on(process.closed_at), name
        assert (process.report_status, python) == (status, status), name
        assert process.report_ageing == ageing, name
        seen[process.pk] = process.report_status
    assert len(seen) == len(CASES)
    # the same counts when grouped in SQL
    counts = {
        row["report_status"]: row["n"]
        for row in annotated.order_by().values("report_status").annotate(n=Count("pk"))
    }
    assert counts == {s: sum(1 for c in CASES if c[4] == s) for s in {c[4] for c in CASES}}
