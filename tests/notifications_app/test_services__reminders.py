"""Deadline reminders: planned with one row per task, derived from the policy, delivered once
to the people concerned at the time they are sent."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from notifications.models import Notification

from audit.models import AuditEvent, EventType
from audit.services import audit_verify
from notifications_app import services
from notifications_app.models import NotificationPreference, OutgoingEmail, ReminderRule, TaskAlert
from tests.notifications_app.conftest import DUE, at, sweep, verbs
from workflows import services as workflow_services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import WorkflowTask

pytestmark = pytest.mark.django_db


def test_a_new_task_with_a_deadline_is_planned_by_the_policy(process, staff):
    task = staff.open_task(process, DirectiveFlow.accept)
    assert dict(services.reminder_schedule(due=task.due_date)) == {
        "before": at(datetime.date(2030, 3, 13)),  # 2 working days before
        "due": at(DUE),
        "overdue": at(datetime.date(2030, 3, 18)),  # the next working day
        "escalate_head": at(datetime.date(2030, 3, 20)),
        "escalate_office": at(datetime.date(2030, 3, 22)),
    }
    # one row holds the task's next time: the first reminder, the announcement being done
    alert = TaskAlert.objects.get(task=task)
    assert (alert.due_date, alert.next_at, alert.announce) == (
        DUE,
        at(datetime.date(2030, 3, 13)),
        "",
    )


def test_each_reminder_arrives_once_in_the_bell_by_email_and_in_the_audit_log(
    process, staff, django_capture_on_commit_callbacks
):
    head = staff.head("BTCTU")
    task = staff.open_task(process, DirectiveFlow.accept)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(datetime.date(2030, 3, 12)).sent == 0
        assert sweep(datetime.date(2030, 3, 13)).reminded == 1
        assert sweep(DUE).reminded == 1
    assert verbs(head, task)[-2:] == ["Sắp đến hạn 15/03/2030", "Hôm nay là hạn xử lý (15/03/2030)"]
    note = Notification.objects.filter(recipient=head, data__task=task.pk).latest("pk")
    assert "Ban Tổ chức Tỉnh ủy" in note.description
    assert note.data["link"] == f"/workflow/flows/directive/{process.pk}/"
    assert [m.subject for m in mail.outbox] == [
        "[Nhắc việc] Sắp đến hạn 15/03/2030",
        "[Nhắc việc] Hôm nay là hạn xử lý (15/03/2030)",
    ]
    assert mail.outbox[0].to == [head.email]
    assert f"http://127.0.0.1:8000/workflow/flows/directive/{process.pk}/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(event_type=EventType.REMINDER_SENT).count() == 2
    # Sweeping again (a redelivered task, a second beat) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(DUE, 10).sent == 0
    assert len(verbs(head, task)) == 3  # the announcement and two reminders
    assert len(mail.outbox) == 2
    assert all(result.ok for _chain, result in audit_verify())


def test_overdue_work_escalates_to_the_head_then_the_office(process, staff):
    head, office = staff.head("BTCTU"), staff.office()
    task = staff.open_task(process, DirectiveFlow.accept)
    for day in (datetime.date(2030, 3, 13), DUE, datetime.date(2030, 3, 18)):
        sweep(day)
    assert sweep(datetime.date(2030, 3, 20)).reminded == 1
    assert verbs(head, task)[-1] == "Công việc của cơ quan đã quá hạn 15/03/2030"
    assert sweep(datetime.date(2030, 3, 22)).reminded == 1
    assert verbs(office, task) == ["Công việc quá hạn 15/03/2030 cần Văn phòng đôn đốc"]
    assert AuditEvent.objects.filter(event_type=EventType.ESCALATION_SENT).count() == 2
    assert sweep(datetime.date(2030, 4, 30)).sent == 0  # nothing left to say


def test_an_approved_extension_moves_the_reminders(process, staff):
    staff.accept(process)
    report_task = staff.open_task(process, DirectiveFlow.report)
    workflow_services.extension_request(
        process=process,
        by=staff.head("BTCTU"),
        due_date=datetime.date(2030, 4, 26),
        reason="Chờ số liệu của các huyện.",
    )
    decide = WorkflowTask.objects.get(flow_task=ExtensionFlow.decide, status="NEW")
    workflow_services.task_extension_decide(task=decide, by=staff.office(), approved=True)
    sweep()  # the new tasks and the new deadline are taken into account
    assert TaskAlert.objects.get(task=report_task).due_date == datetime.date(2030, 4, 26)
    officer = staff.officer("BTCTU")
    # Nothing fires at the old deadline any more; the new one is reminded of.
    assert sweep(DUE).sent == 0
    assert sweep(datetime.date(2030, 4, 24)).reminded == 1
    assert verbs(officer, report_task)[-1] == "Sắp đến hạn 26/04/2030"


def test_a_finished_task_is_not_reminded_of(process, staff):
    accept = staff.open_task(process, DirectiveFlow.accept)
    staff.accept(process)
    sweep()
    assert sweep(DUE).reminded == 1  # only the report task's "due today", to its officer
    assert verbs(staff.head("BTCTU"), accept) == ["Việc mới chờ nhận xử lý"]
    assert not TaskAlert.objects.filter(task=accept).exists()  # dropped when met


def test_the_office_changes_the_policy_without_a_deploy(process, staff):
    ReminderRule.objects.filter(kind="before").update(offset_working_days=-5, hour=14)
    ReminderRule.objects.filter(kind="escalate_office").update(is_active=False)
    services.reminder_policy_changed()
    task = staff.open_task(process, DirectiveFlow.accept)
    schedule = dict(services.reminder_schedule(due=task.due_date))
    assert schedule["before"] == at(datetime.date(2030, 3, 8), 14)
    assert "escalate_office" not in schedule
    assert sweep(datetime.date(2030, 3, 8), 15).reminded == 1  # the open task follows at once
    assert sweep(datetime.date(2030, 3, 29)).reminded == 1  # escalation to the head only
    assert verbs(staff.office(), task) == []


def test_channel_preferences_are_honoured(process, staff, django_capture_on_commit_callbacks):
    head = staff.head("BTCTU")
    NotificationPreference.objects.create(user=head, in_app=False, email=True, daily_digest=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(DUE).reminded == 1
    assert verbs(head) == ["Việc mới chờ nhận xử lý"]  # announced before the change only
    assert mail.outbox == []  # the digest replaces the individual e-mails


def test_a_failed_email_is_retried_later_with_backoff(process, staff):
    sweep(DUE)
    email = OutgoingEmail.objects.filter(subject__startswith="[Nhắc việc]").get()
    with (
        mock.patch(
            "notifications_app.services.emails.send_mail", side_effect=smtplib.SMTPException("x")
        ),
        pytest.raises(smtplib.SMTPException),
    ):
        services.email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "pending" and email.attempts == 1
    assert email.next_try_at > timezone.now()
    mail.outbox.clear()
    assert services.email_send(email_id=email.pk) is True
    assert services.email_send(email_id=email.pk) is True  # already sent: not sent twice
    assert len(mail.outbox) == 1


def test_people_who_left_the_agency_or_were_deactivated_are_not_reminded(process, staff):
    from tasks_app.models import Membership

    task = staff.open_task(process, DirectiveFlow.accept)
    head = staff.head("BTCTU")
    deputy = staff.deputy("BTCTU")  # joins after the task was created: reminded all the same
    Membership.objects.filter(user=head).delete()  # the head moves away
    sweep(DUE)
    assert verbs(head, task) == ["Việc mới chờ nhận xử lý"]  # only while still there
    assert verbs(deputy, task) == ["Hôm nay là hạn xử lý (15/03/2030)"]
    deputy.is_active = False
    deputy.save()
    assert sweep(datetime.date(2030, 3, 18)).sent == 0


def test_once_a_head_takes_the_task_only_they_are_reminded(process, staff):
    first, second = staff.head("BTCTU"), staff.deputy("BTCTU")
    task = staff.open_task(process, DirectiveFlow.accept)
    workflow_services.task_claim(task=task, by=second)
    sweep(DUE)
    assert verbs(second, task) == ["Hôm nay là hạn xử lý (15/03/2030)"]
    assert verbs(first, task) == ["Việc mới chờ nhận xử lý"]  # the announcement, nothing after
