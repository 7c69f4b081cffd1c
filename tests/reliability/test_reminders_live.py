"""Reminders with a real worker and beat on Redis: exactly once through crashes and outages."""

import datetime
import signal
import time

import pytest

from tests.stack import Stack

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]

MAKE_REMINDERS = """
import datetime
from django.utils import timezone
from tasks_app.models import Agency, Assignment, Directive, Notice
from notifications_app.models import PlannedReminder
from workflows.services import assignment_processes_start

notice = Notice.objects.create(number="77-TB/TU", date=datetime.date(2024, 1, 5),
                               issuer="Tỉnh ủy", title="Kiểm thử nhắc việc")
directive = Directive.objects.create(notice=notice, ref="1", text="Báo cáo.", state="published")
assignment = Assignment.objects.create(directive=directive, lead=Agency.objects.get(code="BTCTU"),
                                       due_date=timezone.localdate())
assignment_processes_start(assignments=[assignment], by=None)
reminders = PlannedReminder.objects.filter(recipient__username="btctu_head").order_by("kind")
chosen = list(reminders[:{count}])
PlannedReminder.objects.exclude(pk__in=[r.pk for r in chosen]).update(status="cancelled")
now = timezone.now()
for i, reminder in enumerate(chosen):
    reminder.fire_at = now + datetime.timedelta(seconds={offsets}[i])
    reminder.save(update_fields=["fire_at"])
print(",".join(str(r.pk) for r in chosen))
"""

COUNT = """
from notifications.models import Notification
from notifications_app.models import PlannedReminder
ids = [{ids}]
print(",".join(str(Notification.objects.filter(data__reminder=i).count()) for i in ids),
      ",".join(PlannedReminder.objects.get(pk=i).status for i in ids))
"""


def make_reminders(stack: Stack, offsets: list[int]) -> list[int]:
    out = stack.shell(MAKE_REMINDERS.format(count=len(offsets), offsets=offsets))
    return [int(x) for x in out.splitlines()[-1].split(",")]


def deliveries(stack: Stack, ids: list[int]) -> tuple[list[int], list[str]]:
    counts, statuses = stack.shell(COUNT.format(ids=",".join(map(str, ids)))).split()
    return [int(c) for c in counts.split(",")], statuses.split(",")


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
    counts, statuses = deliveries(stack, ids)
    assert counts == [1] * len(ids), stack.log()[-4000:]
    assert statuses == ["sent"] * len(ids)


def test_a_reminder_due_now_arrives_exactly_once(stack):
    stack.start_service("worker")
    stack.start_service("beat")
    ids = make_reminders(stack, [0])
    wait_delivered(stack, ids)
    still_exactly_once(stack, ids)


def test_worker_killed_in_the_middle_of_a_delivery_still_delivers_once(stack):
    stack.start_service("worker", REMINDER_DELIVERY_DELAY_SECONDS="8")
    stack.start_service("beat")
    ids = make_reminders(stack, [0])
    stack.wait_for(
        lambda: f"delivering reminder {ids[0]}" in stack.service_log("worker"),
        timeout=60,
        what="a delivery in progress",
    )
    stack.kill_service("worker", signal.SIGKILL)
    assert deliveries(stack, ids) == ([0], ["pending"]), "the killed delivery left nothing"
    stack.start_service("worker")
    wait_delivered(stack, ids)
    still_exactly_once(stack, ids)


def test_redis_restarted_with_reminders_pending_loses_none(stack, private_redis):
    stack.start_service("worker")
    stack.start_service("beat")
    ids = make_reminders(stack, [6, 8])
    private_redis.kill()
    time.sleep(3)
    assert deliveries(stack, ids)[0] == [0, 0]
    private_redis.start()
    wait_delivered(stack, ids)
    still_exactly_once(stack, ids)


def test_beat_stopped_past_several_fire_times_catches_up_without_duplicates(stack):
    stack.start_service("worker")
    ids = make_reminders(stack, [-300, -180, -60])
    time.sleep(3)
    assert deliveries(stack, ids)[0] == [0, 0, 0], "nothing sweeps while beat is down"
    stack.start_service("beat")
    wait_delivered(stack, ids)
    still_exactly_once(stack, ids)


EXTEND = """
import datetime
from django.contrib.auth import get_user_model
from notifications_app.models import PlannedReminder
from workflows import services
from workflows.flows import ExtensionFlow
from workflows.models import WorkflowTask

reminder = PlannedReminder.objects.get(pk={id})
process = reminder.task.process.directiveprocess
User = get_user_model()
services.extension_request(process=process, by=User.objects.get(username="btctu_head"),
                           due_date=process.due_date + datetime.timedelta(days=30),
                           reason="Chờ số liệu.")
decide = WorkflowTask.objects.get(flow_task=ExtensionFlow.decide, status="NEW")
services.task_extension_decide(task=decide, by=User.objects.get(username="vptu_office"),
                               approved=True)
reminder.refresh_from_db()
print(reminder.status, reminder.due_date.isoformat(), reminder.fire_at.isoformat())
"""


def test_an_extension_moves_a_pending_reminder_past_its_old_fire_time(stack):
    stack.start_service("worker")
    stack.start_service("beat")
    ids = make_reminders(stack, [6])
    status, due, fire_at = stack.shell(EXTEND.format(id=ids[0])).splitlines()[-1].split()
    today = datetime.date.today()
    assert status == "pending"
    assert datetime.date.fromisoformat(due) >= today + datetime.timedelta(days=29)
    assert datetime.datetime.fromisoformat(fire_at).date() > today
    time.sleep(10)  # the old fire time passes while sweeps keep running
    assert deliveries(stack, ids) == ([0], ["pending"]), stack.log()[-3000:]
