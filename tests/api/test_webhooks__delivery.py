"""Signed webhooks: a receiver that is down for a while gets every event once, signed, after
the retries; an endpoint of an agency that may not see the process gets nothing."""

import datetime
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from django.utils import timezone

from api.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from api.services.webhooks import (
    signature_valid,
    webhook_deliver,
    webhook_endpoint_save,
    webhooks_due,
)
from notifications_app.signals import tasks_overdue
from tasks_app.models import Agency
from workflows.flows import DirectiveFlow
from workflows.models import WorkflowTask

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receiver:
    """A webhook receiver on 127.0.0.1:<port>, started and stopped by the test."""

    def __init__(self, port: int):
        self.port = port
        self.received: list[dict] = []
        self.server = None

    def start(self):
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append({"headers": dict(self.headers), "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _sweep(now) -> None:
    for delivery_id in webhooks_due(now=now):
        webhook_deliver(delivery_id=delivery_id, now=now)


@override_settings(WEBHOOK_RETRY_BASE_SECONDS=30, WEBHOOK_TIMEOUT_SECONDS=2)
def test_a_receiver_down_for_a_while_gets_each_event_once_signed(
    staff, django_capture_on_commit_callbacks
):
    receiver = Receiver(_free_port())
    endpoint = webhook_endpoint_save(
        by=None,
        name="Hệ thống điều hành BTCTU",
        url=f"http://127.0.0.1:{receiver.port}/hook",
        agency=Agency.objects.get(code="BTCTU"),
        events=WebhookEvent.values,
    )
    stranger = webhook_endpoint_save(
        by=None,
        name="Ban Dân vận",
        url=f"http://127.0.0.1:{receiver.port}/other",
        agency=Agency.objects.get(code="BDVTU"),
        events=WebhookEvent.values,
    )
    try:
        # While the receiver is down, the directive runs from publication to closure.
        with django_capture_on_commit_callbacks(execute=True):
            process = staff.publish(leads=["BTCTU"], by=staff.office())[0]
            staff.accept(process)
            tasks_overdue.send(
                sender=WorkflowTask, tasks=[staff.open_task(process, DirectiveFlow.report)]
            )
            staff.report(process)
            staff.approve(process)
            staff.verify(process)
        deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
        kinds = sorted(deliveries.values_list("event", flat=True))
        assert kinds.count("step.done") == 4 and kinds.count("task.created") == 4
        assert {"process.started", "process.closed", "task.overdue"} <= set(kinds)
        assert not WebhookDelivery.objects.filter(endpoint=stranger).exists()
        # each was tried once, on commit, and waits for its next try
        assert set(deliveries.values_list("attempts", flat=True)) == {1}
        assert set(deliveries.values_list("status", flat=True)) == {DeliveryStatus.PENDING}

        now = timezone.now()
        _sweep(now)  # nothing due yet: the backoff holds
        assert set(deliveries.values_list("attempts", flat=True)) == {1}
        _sweep(now + datetime.timedelta(seconds=31))  # still down: second failure, longer wait
        assert set(deliveries.values_list("attempts", flat=True)) == {2}
        first = deliveries.first()
        assert first.next_try_at >= now + datetime.timedelta(seconds=31 + 59)
        assert first.last_status_code is None and first.last_error

        receiver.start()
        later = now + datetime.timedelta(minutes=5)
        _sweep(later)
        _sweep(later + datetime.timedelta(hours=2))  # nothing is sent twice
    finally:
        receiver.stop()

    assert set(deliveries.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert set(deliveries.values_list("last_status_code", flat=True)) == {204}
    assert len(receiver.received) == deliveries.count()
    ids = [r["headers"]["X-Chidao-Delivery"] for r in receiver.received]
    assert len(set(ids)) == len(ids)
    for request in receiver.received:
        headers, body = request["headers"], request["body"]
        assert signature_valid(
            secret=endpoint.secret,
            timestamp=headers["X-Chidao-Timestamp"],
            body=body,
            header=headers["X-Chidao-Signature"],
        )
        assert not signature_valid(
            secret="khoa-khac",
            timestamp=headers["X-Chidao-Timestamp"],
            body=body,
            header=headers["X-Chidao-Signature"],
        )
        event = json.loads(body)
        assert event["event"] == headers["X-Chidao-Event"]
        assert event["data"]["process"]["lead"] == "BTCTU"
        assert event["data"]["process"]["assignment_id"] == process.assignment_id
    closed = [json.loads(r["body"]) for r in receiver.received]
    assert [e["data"]["process"]["outcome"] for e in closed if e["event"] == "process.closed"] == [
        "completed"
    ]


@override_settings(WEBHOOK_MAX_ATTEMPTS=2, WEBHOOK_TIMEOUT_SECONDS=1)
def test_a_receiver_that_never_answers_is_given_up_after_the_last_attempt(
    staff, django_capture_on_commit_callbacks
):
    endpoint = webhook_endpoint_save(
        by=None,
        name="Không trả lời",
        url=f"http://127.0.0.1:{_free_port()}/hook",
        agency=Agency.objects.get(code="VPTU"),
        events=[WebhookEvent.PROCESS_STARTED],
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff.publish(leads=["BTCTU"], by=staff.office())
    _sweep(timezone.now() + datetime.timedelta(hours=1))
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert webhooks_due(now=timezone.now() + datetime.timedelta(days=1)) == []
