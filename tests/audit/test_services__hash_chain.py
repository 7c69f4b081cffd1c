import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnlyError, AuditEvent, EventType
from audit.services import audit_record, audit_verify, target_of
from tests.factories import NoticeFactory, UserFactory
from tests.helpers import on_postgresql

pytestmark = pytest.mark.django_db


def _events(n=5):
    user = UserFactory(username="vp1")
    notice = NoticeFactory()
    return [
        audit_record(
            event_type=EventType.NOTICE_IMPORTED,
            actor=user,
            target=target_of(notice, notice_id=notice.pk),
            after={"number": notice.number, "i": i, "text": "Tỉnh ủy giao nhiệm vụ"},
        )
        for i in range(n)
    ]


def test_events_link_to_their_predecessor_and_verify(capsys):
    events = _events(4)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == ""
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    call_command("verify_audit")
    assert "4 sự kiện, nguyên vẹn" in capsys.readouterr().out


def test_the_application_cannot_edit_or_delete_events():
    event = _events(1)[0]
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def _raw_update(sql, params):
    """Edit the table behind the application's back, as a database superuser would."""
    with connection.cursor() as cursor:
        if on_postgresql():
            cursor.execute("SET LOCAL session_replication_role = replica")  # bypass triggers
        cursor.execute(sql, params)


def test_editing_a_row_in_sql_is_detected_and_named():
    events = _events(5)
    with transaction.atomic():
        _raw_update(
            "UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["sửa lén", events[2].pk]
        )
    [(_chain, result)] = audit_verify()
    assert not result.ok and result.broken.pk == events[2].pk
    with pytest.raises(CommandError, match=f"sự kiện số 3 \\(id {events[2].pk}"):
        call_command("verify_audit")


def test_deleting_a_row_in_sql_is_detected():
    events = _events(5)
    with transaction.atomic():
        _raw_update("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    [(_chain, result)] = audit_verify()
    assert result.broken.pk == events[2].pk


def test_deleting_the_newest_rows_is_detected():
    events = _events(3)
    with transaction.atomic():
        _raw_update("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match="chỉ còn 2"):
        call_command("verify_audit")


@pytest.mark.skipif(not on_postgresql(), reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditevent SET reason = 'x'", "DELETE FROM audit_auditevent"]
)
def test_postgresql_refuses_update_and_delete(sql):
    _events(2)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.count() == 2
