"""Audit chains: one per agency (writers of different agencies do not wait for each other),
one chain per transaction (no deadlock between agencies), appended in order, verified all."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from audit.models import AuditChain, AuditEvent, EventType
from audit.services import Entry, audit_record, audit_record_many, audit_verify, target_of
from tasks_app.models import Agency, Role
from tests.factories import NoticeFactory, member
from tests.helpers import on_postgresql


def _record(actor, i=0):
    notice = NoticeFactory()
    return audit_record(
        event_type=EventType.NOTICE_IMPORTED,
        actor=actor,
        target=target_of(notice, notice_id=notice.pk),
        after={"i": i},
    )


@pytest.fixture
def heads(registry):
    return {
        code: member(agency=Agency.objects.get(code=code), role=Role.HEAD, username=f"{code}_h")
        for code in ("BTCTU", "TCT")
    }


@pytest.mark.django_db(transaction=True)
def test_each_agency_has_its_chain_and_the_verifier_covers_them_all(heads, capsys):
    events = [_record(heads[code], i) for i, code in enumerate(("BTCTU", "TCT", "BTCTU"))]
    system = _record(None)
    assert [(e.chain, e.seq) for e in events] == [("BTCTU", 1), ("TCT", 1), ("BTCTU", 2)]
    assert (system.chain, system.seq) == ("main", 1)
    assert events[2].prev_hash == events[0].hash
    assert {name for name, result in audit_verify() if result.ok} == {"BTCTU", "TCT", "main"}
    call_command("verify_audit")
    assert "Chuỗi TCT: 1 sự kiện, nguyên vẹn." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_one_transaction_appends_to_one_chain(heads):
    with transaction.atomic():
        first = _record(heads["TCT"])
        second = _record(heads["BTCTU"])  # acts for another agency, same transaction
    assert (first.chain, second.chain) == ("TCT", "TCT")
    assert second.agency_code == "BTCTU"  # the event still names the actor's agency
    assert second.prev_hash == first.hash


@pytest.mark.django_db(transaction=True)
def test_an_append_rolled_back_with_its_savepoint_leaves_the_chain_whole(heads):
    head = heads["BTCTU"]
    with transaction.atomic():
        kept = _record(head, 1)
        with pytest.raises(RuntimeError), transaction.atomic():
            _record(head, 2)
            raise RuntimeError("refused")
        after = _record(head, 3)
    assert (kept.seq, after.seq) == (1, 2)
    assert after.prev_hash == kept.hash
    assert AuditChain.objects.get(name="BTCTU").last_seq == 2
    assert all(result.ok for _name, result in audit_verify())


@pytest.mark.django_db
def test_many_events_are_appended_in_the_order_given(registry):
    notice = NoticeFactory()
    entries = [
        Entry(event_type=EventType.REMINDER_SENT, target=target_of(notice), after={"n": n})
        for n in range(50)
    ]
    events = audit_record_many(entries)
    assert [e.after["n"] for e in events] == list(range(50))
    assert [e.seq for e in events] == list(range(1, 51))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert all(result.ok for _name, result in audit_verify())


@pytest.mark.django_db
def test_a_chain_emptied_behind_the_applications_back_is_detected(registry):
    _record(None)
    with connection.cursor() as cursor:
        if on_postgresql():
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM audit_auditevent")
    [(name, result)] = audit_verify()
    assert name == "main" and not result.ok and "chỉ còn 0" in result.problem


@pytest.mark.skipif(not on_postgresql(), reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_agency_take_turns_without_gaps(heads):
    head, errors = heads["BTCTU"], []

    def write(n):
        try:
            for i in range(15):
                _record(head, n * 100 + i)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(AuditEvent.objects.filter(chain="BTCTU").values_list("seq", flat=True))
    assert sorted(seqs) == list(range(1, 91))
    assert all(result.ok for _name, result in audit_verify())
