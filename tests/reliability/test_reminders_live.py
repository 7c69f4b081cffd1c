"""What is told about tasks, with a real worker and beat on Redis: exactly once through crashes
and outages, and only what is still true after an outage."""

import datetime
import signal
import time

import pytest

from tests.stack import Stack

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]

# Tasks for BTCTU (its head takes them from the queue), each to be looked at by the sweep
# ``offset`` seconds from now. Created and scheduled in one transaction: the wake-up sent at
# commit finds nothing due before its time.
MAKE_TASKS = """
import datetime
from django.db import transaction
from django.utils import timezone
from tasks_app.models import Agency, Assignment, Directive, Notice
from notifications_app.models import TaskAlert
from workflows.services import assignment_processes_start

now = timezone.now()
tasks = []
with transaction.atomic():
    notice = Notice.objects.create(number=f"{{now:%H%M%S%f}}-TB/TU", date=datetime.date(2024, 1, 5),
                                   issuer="Tỉnh ủy", title="Kiểm thử nhắc việc")
    for i, offset in enumerate({offsets}):
        directive = Directive.objects.create(notice=notice, ref=str(i + 1), position=i,
                                             text="Báo cáo.", state="published")
        assignment = Assignment.objects.create(
            directive=directive, lead=Agency.objects.get(code="BTCTU"),
            due_date=timezone.localdate() + datetime.timedelta(days=30))
        [process] = assignment_processes_start(assignments=[assignment], by=None)
        task = process.task_set.get(flow_task_type="HUMAN")
        TaskAlert.objects.filter(task_id=task.pk).update(
            next_at=now + datetime.timedelta(seconds=offset))
        tasks.append(task.pk)
print(",".join(str(pk) for pk in tasks))
"""

COUNT = """
from notifications.models import Notification
from notifications_app.models import TaskAlert
ids = [{ids}]
print(",".join(str(Notification.objects.filter(recipient__username="btctu_head",
                                                data__task=i).count()) for i in ids),
      ",".join("told" if not TaskAlert.objects.get(pk=i).announce else "waiting" for i in ids))
"""


def make_tasks(stack: Stack, offsets: list[int]) -> list[int]:
    out = stack.shell(MAKE_TASKS.format(offsets=offsets))
    return [int(x) for x in out.splitlines()[-1].split(",")]


def deliveries(stack: Stack, ids: list[int]) -> tuple[list[int], list[str]]:
    counts, states = stack.shell(COUNT.format(ids=",".join(map(str, ids)))).split()
    return [int(c) for c in counts.split(",")], states.split(",")


@pytest.fixture
def stack(tmp_path, private_redis):
    running = Stack(tmp_path, broker_url=private_redis.url)
    running.env["REMINDER_SWEEP_SECONDS"] = "1"
    running.prepare()
    yield running
    running.stop_services()


def wait_delivered(stack, ids, *, timeout=90):
    stack.wait_for(lambda: all(deliveries(stack, ids)[0]), timeout=timeout, what="delivery")


def still_exactly_once(stack, ids, *, settle=4.0):
    time.sleep(settle)  # several more sweeps run meanwhile
    counts, states = deliveries(stack, ids)
    assert counts == [1] * len(ids), stack.log()[-4000:]
    assert states == ["told"] * len(ids)


def test_a_new_task_is_told_exactly_once(stack):
    stack.start_service("worker")
    stack.start_service("beat")
    ids = make_tasks(stack, [0])
    wait_delivered(stack, ids)
    still_exactly_once(stack, ids)


def test_worker_killed_in_the_middle_of_a_delivery_still_delivers_once(stack):
    stack.start_service("worker", REMINDER_DELIVERY_DELAY_SECONDS="8")
    stack.start_service("beat")
    ids = make_tasks(stack, [0])
    stack.wait_for(
        lambda: f"delivering alerts of task(s) [{ids[0]}]" in stack.service_log("worker"),
        timeout=60,
        what="a delivery in progress",
    )
    stack.kill_service("worker", signal.SIGKILL)
    assert deliveries(stack, ids) == ([0], ["waiting"]), "the killed delivery left nothing"
    stack.start_service("worker")
    wait_delivered(stack, ids)
    still_exactly_once(stack, ids)


def test_redis_restarted_with_deliveries_pending_loses_none(stack, private_redis):
    stack.start_service("worker")
    stack.start_service("beat")
    ids = make_tasks(stack, [6, 8])
    private_redis.kill()
    time.sleep(3)
    assert deliveries(stack, ids)[0] == [0, 0]
    private_redis.start()
    wait_delivered(stack, ids)
    still_exactly_once(stack, ids)


def test_beat_stopped_past_several_times_catches_up_without_duplicates(stack):
    stack.start_service("worker")
    stack.wait_for(lambda: " ready." in stack.service_log("worker"), timeout=60, what="worker")
    ids = make_tasks(stack, [6, 7, 8])
    # the wake-up sent at commit finds nothing due yet; then the times pass with no beat
    stack.wait_for(
        lambda: "notifications_app.alerts_sweep" in stack.service_log("worker"),
        timeout=30,
        what="the wake-up",
    )
    time.sleep(10)
    assert deliveries(stack, ids)[0] == [0, 0, 0], "nothing sweeps while beat is down"
    stack.start_service("beat")
    wait_delivered(stack, ids)
    still_exactly_once(stack, ids)


# The task was told; then, as if the sweep had been down for a week over its deadline, every
# reminder of the policy (due soon, due today, overdue, escalation to the head) has passed.
OUTAGE = """
import datetime
from django.utils import timezone
from notifications_app.models import TaskAlert
from workflows.models import WorkflowTask

now = timezone.now()
due = timezone.localdate() - datetime.timedelta(days=7)
WorkflowTask.objects.filter(pk={id}).update(due_date=due)
TaskAlert.objects.filter(pk={id}).update(
    due_date=due, reminded_until=now - datetime.timedelta(days=12),
    next_at=now - datetime.timedelta(days=12))
print(due.isoformat())
"""

SKIPPED = """
from audit.models import AuditEvent
from audit.services import audit_verify
events = AuditEvent.objects.filter(event_type="reminder.skipped", object_id="{id}")
print(",".join(sorted(e.after["kind"] for e in events)),
      all(result.ok for _chain, result in audit_verify()))
"""


def test_after_a_week_long_outage_the_head_gets_one_notification_not_four(stack):
    stack.start_service("worker")
    stack.start_service("beat")
    ids = make_tasks(stack, [0])
    wait_delivered(stack, ids)
    stack.kill_service("beat", signal.SIGKILL)
    stack.kill_service("worker", signal.SIGKILL)
    stack.shell(OUTAGE.format(id=ids[0]))
    stack.start_service("worker")
    stack.start_service("beat")
    stack.wait_for(lambda: deliveries(stack, ids)[0] == [2], timeout=90, what="the catch-up")
    time.sleep(4)  # more sweeps run: nothing else comes
    assert deliveries(stack, ids)[0] == [2], stack.log()[-4000:]  # the announcement, then one
    kinds, intact = stack.shell(SKIPPED.format(id=ids[0])).split()
    assert {"before", "due"} <= set(kinds.split(",")), kinds
    assert intact == "True"


EXTEND = """
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from notifications_app.models import ReminderRule, TaskAlert
from workflows import services
from workflows.flows import ExtensionFlow
from workflows.models import WorkflowTask

# "due today" fires at midnight; the task is due today: its reminder is due at the row's time
ReminderRule.objects.filter(kind="due").update(hour=0)
today = timezone.localdate()
task = WorkflowTask.objects.get(pk={id})
WorkflowTask.objects.filter(pk=task.pk).update(due_date=today)
task.process.directiveprocess.__class__.objects.filter(pk=task.process_id).update(due_date=today)
now = timezone.now()
TaskAlert.objects.filter(pk=task.pk).update(
    due_date=today, reminded_until=now - datetime.timedelta(days=3),
    next_at=now + datetime.timedelta(seconds=6))
process = task.process.directiveprocess
User = get_user_model()
services.extension_request(process=process, by=User.objects.get(username="btctu_head"),
                           due_date=today + datetime.timedelta(days=30), reason="Chờ số liệu.")
decide = WorkflowTask.objects.get(flow_task=ExtensionFlow.decide, status="NEW")
services.task_extension_decide(task=decide, by=User.objects.get(username="vptu_office"),
                               approved=True)
alert = TaskAlert.objects.get(pk=task.pk)
print(alert.due_date.isoformat())
"""


def test_an_extension_moves_a_reminder_past_its_old_time(stack):
    stack.start_service("worker")
    stack.start_service("beat")
    ids = make_tasks(stack, [0])
    wait_delivered(stack, ids)
    due = stack.shell(EXTEND.format(id=ids[0])).splitlines()[-1]
    assert datetime.date.fromisoformat(due) >= datetime.date.today() + datetime.timedelta(days=29)
    time.sleep(10)  # the old time passes while sweeps keep running
    assert deliveries(stack, ids)[0] == [1], stack.log()[-3000:]  # the announcement only
