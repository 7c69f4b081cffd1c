"""The daily digest: one e-mail a morning with the person's overdue, due-soon and new tasks,
instead of one e-mail per message."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications_app import services
from notifications_app.models import NotificationPreference
from project.calendar import add_working_days
from tests.notifications_app.conftest import sweep

pytestmark = pytest.mark.django_db


def test_the_digest_lists_overdue_due_soon_and_new_tasks_once_a_day(
    staff, django_capture_on_commit_callbacks
):
    head, officer = staff.head("BTCTU"), staff.officer("BTCTU")
    NotificationPreference.objects.create(user=head, email=True, daily_digest=True)
    lonely = staff.head("TCT")  # chose the digest, has no task
    NotificationPreference.objects.create(user=lonely, email=True, daily_digest=True)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    dues = {
        "late": today - datetime.timedelta(days=10),
        "soon": add_working_days(tomorrow, 2),
        "later": today + datetime.timedelta(days=60),
    }
    processes = {
        name: staff.publish(leads=["BTCTU"], by=staff.office(), due_date=due, text=f"Việc {name}.")[
            0
        ]
        for name, due in dues.items()
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    # the head chose the digest: no e-mail per message (the Office is told of the late one)
    assert [m.to for m in mail.outbox] == [[staff.office().email]]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send(day=tomorrow) == 1
        assert services.digest_send(day=tomorrow) == 0  # once a day
    [digest] = mail.outbox
    assert digest.to == [head.email]
    assert digest.subject == f"[Tổng hợp công việc] Ngày {tomorrow:%d/%m/%Y}: 3 việc"
    body = digest.body
    late, soon, new = (body.index(h) for h in ("Quá hạn (1):", "Sắp đến hạn (1):", "Việc mới (1):"))
    assert late < soon < new
    assert f"/workflow/flows/directive/{processes['late'].pk}/" in body[late:soon]
    assert f"/workflow/flows/directive/{processes['soon'].pk}/" in body[soon:new]
    assert f"/workflow/flows/directive/{processes['later'].pk}/" in body[new:]
    assert "đã quá hạn 11 ngày" in body[late:soon]
    # the officer did not choose the digest; the next morning, only what is still true
    assert not [m for m in mail.outbox if m.to == [officer.email]]
    staff.accept(processes["late"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send(day=tomorrow + datetime.timedelta(days=1)) == 1
    [digest] = mail.outbox
    assert "Quá hạn" not in digest.body and "Việc mới" not in digest.body
    assert f"/workflow/flows/directive/{processes['soon'].pk}/" in digest.body
