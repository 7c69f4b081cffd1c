import pytest

from audit.models import AuditEvent, EventType
from audit.services import audit_verify
from project.exceptions import PermissionRefused
from workflows import services
from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db


def test_refused_steps_are_logged_and_change_nothing(staff):
    [process] = staff.publish(leads=["BTCTU"], by=staff.office())
    task = staff.open_task(process, DirectiveFlow.accept)
    outsider = staff.head("BTGTU")
    with pytest.raises(PermissionRefused):
        services.task_accept(task=task, by=outsider, officer=staff.officer("BTGTU"), plan="x")
    refused = AuditEvent.objects.get(event_type=EventType.REFUSED)
    assert refused.actor == outsider and refused.agency_code == "BTGTU"
    assert refused.after == {"action": "task_accept"}
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner_id is None


def test_cancellation_and_start_are_logged_with_their_directive(staff):
    [process] = staff.publish(leads=["BTCTU"], by=staff.office())
    services.process_cancel(process=process, by=staff.office(), reason="Đã có văn bản thay thế.")
    started = AuditEvent.objects.get(event_type=EventType.PROCESS_STARTED)
    cancelled = AuditEvent.objects.get(event_type=EventType.PROCESS_CANCELLED)
    assert started.directive_id == cancelled.directive_id == process.directive_id
    assert cancelled.reason == "Đã có văn bản thay thế."
    assert cancelled.after == {"outcome": "Đã hủy"}
    assert all(result.ok for _chain, result in audit_verify())
