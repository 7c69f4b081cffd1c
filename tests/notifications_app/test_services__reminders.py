import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from notifications.models import Notification

from audit.models import AuditEvent, EventType
from notifications_app import services
from notifications_app.models import (
    NotificationPreference,
    OutgoingEmail,
    PlannedReminder,
    ReminderRule,
)
from tests.notifications_app.conftest import DUE
from workflows import services as workflow_services
from workflows.flows import DirectiveFlow, ExtensionFlow

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _pending(task):
    return PlannedReminder.objects.filter(task=task, status="pending")


def test_a_new_task_with_a_deadline_gets_its_reminders_planned(process, staff):
    task = staff.open_task(process, DirectiveFlow.accept)
    planned = {(r.kind, r.recipient.username): r.fire_at for r in _pending(task)}
    head = staff.head("BTCTU").username
    office = staff.office().username
    assert planned[("before", head)] == at(datetime.date(2024, 3, 13))  # 2 working days before
    assert planned[("due", head)] == at(DUE)
    assert planned[("overdue", head)] == at(datetime.date(2024, 3, 18))  # next working day
    assert planned[("escalate_head", head)] == at(datetime.date(2024, 3, 20))
    assert planned[("escalate_office", office)] == at(datetime.date(2024, 3, 22))
    # Nobody outside the lead agency and the Office is reminded.
    assert {u for _, u in planned} == {head, office}


def test_a_due_reminder_is_delivered_once_in_app_by_email_and_in_the_audit_log(
    process, staff, django_capture_on_commit_callbacks
):
    head = staff.head("BTCTU")
    head.email = "btc.head@example.org"
    head.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_sweep(now=at(datetime.date(2024, 3, 12))) == 0
        sent = services.reminders_sweep(now=at(DUE, 9))
    assert sent == 2  # "before" and "due" for the head
    notes = Notification.objects.filter(recipient=head).order_by("timestamp")
    assert [n.verb for n in notes] == [
        "Sắp đến hạn 15/03/2024",
        "Hôm nay là hạn xử lý (15/03/2024)",
    ]
    assert "Ban Tổ chức Tỉnh ủy" in notes[0].description
    assert notes[0].data["link"].startswith("/workflow/")
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == "[Nhắc việc] Sắp đến hạn 15/03/2024"
    assert "http://127.0.0.1:8000/workflow/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(event_type=EventType.REMINDER_SENT).count() == 2
    # Sweeping again (a redelivered task, a second beat) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_sweep(now=at(DUE, 10)) == 0
    assert Notification.objects.filter(recipient=head).count() == 2
    assert len(mail.outbox) == 2


def test_overdue_work_escalates_to_the_head_then_the_office(process, staff):
    services.reminders_sweep(now=at(datetime.date(2024, 3, 25), 9))
    office = staff.office()
    escalation = Notification.objects.get(recipient=office)
    assert escalation.verb == "Công việc quá hạn 15/03/2024 cần Văn phòng đôn đốc"
    assert AuditEvent.objects.filter(event_type=EventType.ESCALATION_SENT).count() == 2


def test_an_approved_extension_moves_the_pending_reminders(process, staff):
    staff.accept(process)
    report_task = staff.open_task(process, DirectiveFlow.report)
    before = {r.kind: r.fire_at for r in _pending(report_task)}
    assert before["due"] == at(DUE)
    workflow_services.extension_request(
        process=process,
        by=staff.head("BTCTU"),
        due_date=datetime.date(2024, 4, 26),
        reason="Chờ số liệu của các huyện.",
    )
    decide = open_task_any(ExtensionFlow.decide)
    workflow_services.task_extension_decide(task=decide, by=staff.office(), approved=True)
    after = {r.kind: r.fire_at for r in _pending(report_task)}
    assert after["due"] == at(datetime.date(2024, 4, 26))
    assert after["before"] == at(datetime.date(2024, 4, 24))
    # Nothing fires at the old deadline any more.
    assert services.reminders_sweep(now=at(DUE, 9)) == 0


def open_task_any(node):
    from workflows.models import WorkflowTask

    return WorkflowTask.objects.get(flow_task=node, status__in=["NEW", "ASSIGNED", "STARTED"])


def test_reminders_of_a_finished_task_are_dropped(process, staff):
    accept_task = staff.open_task(process, DirectiveFlow.accept)
    assert _pending(accept_task).exists()
    staff.accept(process)
    assert not _pending(accept_task).exists()
    assert services.reminders_sweep(now=at(DUE, 9)) == 2  # only the report task's reminders


def test_the_office_changes_the_policy_without_a_deploy(process, staff):
    ReminderRule.objects.filter(kind="before").update(offset_working_days=-5, hour=14)
    ReminderRule.objects.filter(kind="escalate_office").update(is_active=False)
    staff.accept(process)  # the report task is planned with the new policy
    task = staff.open_task(process, DirectiveFlow.report)
    kinds = {r.kind: r.fire_at for r in _pending(task)}
    assert kinds["before"] == at(datetime.date(2024, 3, 8), 14)
    assert "escalate_office" not in kinds


def test_channel_preferences_are_honoured(process, staff, django_capture_on_commit_callbacks):
    head = staff.head("BTCTU")
    head.email = "btc.head@example.org"
    head.save()
    NotificationPreference.objects.create(user=head, in_app=False, email=True, daily_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_sweep(now=at(DUE, 9))
    assert not Notification.objects.filter(recipient=head).exists()
    assert len(mail.outbox) == 0  # the digest replaces the individual e-mails
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send(day=timezone.localdate(timezone.now())) == 1
        assert services.digest_send(day=timezone.localdate(timezone.now())) == 0
    [digest] = mail.outbox
    assert digest.subject.startswith("[Tổng hợp nhắc việc]")
    assert digest.body.count("\n- ") == 2


def test_a_failed_email_is_retried_later_with_backoff(process, staff):
    head = staff.head("BTCTU")
    head.email = "btc.head@example.org"
    head.save()
    services.reminders_sweep(now=at(DUE, 9))
    email = OutgoingEmail.objects.first()
    with (
        mock.patch("notifications_app.services.send_mail", side_effect=smtplib.SMTPException("x")),
        pytest.raises(smtplib.SMTPException),
    ):
        services.email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "pending" and email.attempts == 1
    assert email.next_try_at > timezone.now()
    assert services.email_send(email_id=email.pk) is True
    assert services.email_send(email_id=email.pk) is True  # already sent: not sent twice
    assert len(mail.outbox) == 1


def test_people_who_left_the_agency_or_the_task_are_not_reminded(process, staff):
    from tasks_app.models import Membership

    deputy = staff.deputy("BTCTU")  # joins after the task was planned: not planned for
    head = staff.head("BTCTU")
    Membership.objects.filter(user=head).delete()  # the head moves away
    services.reminders_sweep(now=at(DUE, 9))
    assert not Notification.objects.filter(recipient=head).exists()
    assert not Notification.objects.filter(recipient=deputy).exists()
    assert PlannedReminder.objects.filter(recipient=head, status="cancelled").count() == 2


def test_once_a_head_takes_the_task_only_they_are_reminded(process, staff):
    first, second = staff.head("BTCTU"), staff.deputy("BTCTU")
    task = staff.open_task(process, DirectiveFlow.accept)
    # re-plan so the deputy is among the candidates too
    from notifications_app.receivers import plan_reminders

    plan_reminders(sender=None, task=task, due=DUE)
    workflow_services.task_claim(task=task, by=first)
    services.reminders_sweep(now=at(DUE, 9))
    assert Notification.objects.filter(recipient=first).count() == 2
    assert not Notification.objects.filter(recipient=second).exists()


def test_a_deactivated_user_is_not_reminded(process, staff):
    head = staff.head("BTCTU")
    head.is_active = False
    head.save()
    services.reminders_sweep(now=at(DUE, 9))
    assert not Notification.objects.filter(recipient=head).exists()
