"""The real product runs: web, worker and beat together, as `make run` starts them."""

import time

import pytest

from tests.stack import Stack

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(tmp_path):
    running = Stack(tmp_path)
    running.start()
    yield running
    if running.process.poll() is None:
        running.stop()


def test_stack_serves_login_runs_tasks_and_beat_and_stops_cleanly(stack):
    # The login page, then a demo user logs in.
    status, page = stack.get("/accounts/login/")
    assert status == 200 and "Đăng nhập" in page
    status, page = stack.login("btctu_head")
    assert status == 200
    assert "btctu_head" in page or "Đăng xuất" in page

    # A task round-trips through the real broker to the worker and back.
    assert stack.call_task("project.ping", "xin chào") == "pong:xin chào"

    # Beat schedules the heartbeat; the worker records it; /readyz reports it.
    stack.wait_for(
        lambda: (stack.readiness().get("beat_last_seen_seconds") or 999) < 10,
        timeout=60,
        what="beat heartbeat",
    )
    assert stack.readiness()["status"] == "ok"

    # Stopping ends every process of the stack.
    stack.stop()
    deadline = time.monotonic() + 10
    while stack.group_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not stack.group_alive(), stack.log()[-3000:]
