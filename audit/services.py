"""Writing the audit log; called by the services of the other apps inside their transaction."""

from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone

from audit.hashing import event_hash
from audit.models import AuditChain, AuditEvent, EventType

MAIN_CHAIN = "main"

#: Who did it: a user, or ``None`` for the system (a worker, a management command).
Actor = AbstractBaseUser | AnonymousUser | None


def _jsonable(value: object) -> object:
    """Round-trip through JSON so what is hashed is exactly what the database returns."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _agency_of(actor: Actor) -> str:
    """The code of the actor's (first) agency, read once per user object (one request)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    cached = actor.__dict__.get("_audit_agency_code")
    if cached is None:
        cached = (
            actor.memberships.order_by("pk").values_list("agency__code", flat=True).first() or ""
        )
        actor.__dict__["_audit_agency_code"] = cached
    return cached


@dataclass(frozen=True)
class Target:
    """What an event is about; ``notice_id``/``directive_id`` feed the completion history."""

    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    notice_id: int | None = None
    directive_id: int | None = None


def target_of(
    obj: models.Model | None, *, notice_id: int | None = None, directive_id: int | None = None
) -> Target:
    if obj is None:
        return Target(notice_id=notice_id, directive_id=directive_id)
    return Target(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        notice_id=notice_id,
        directive_id=directive_id,
    )


@dataclass(frozen=True)
class Entry:
    """One event to append (see :func:`audit_record` for the fields)."""

    event_type: str
    actor: Actor = None
    target: Target | None = None
    before: dict | None = None
    after: dict | None = None
    reason: str = ""
    agency_code: str | None = None


def acting_for(actor: Actor, agency_code: str) -> None:
    """Record that ``actor`` acts for ``agency_code`` in this request (a step of that agency's
    task): their events name that agency, without a query. Used by services that checked it."""
    if actor is not None and getattr(actor, "is_authenticated", False) and agency_code:
        actor.__dict__["_audit_agency_code"] = agency_code


def chain_of(actor: Actor) -> str:
    """The chain an actor's events go to: one per agency (the one the actor acts for), the main
    chain for the system (workers, commands) and for people without an agency.

    Writers of different agencies never wait for each other's chain head.
    """
    return _agency_of(actor) or MAIN_CHAIN


def _last_append(connection):
    """The marker of this transaction's last append (its chain and the head it left), if any.

    Each append registers a do-nothing ``on_commit`` marker; Django drops the markers of a
    savepoint that is rolled back, so the last marker left always matches the database.
    """
    if not connection.in_atomic_block:
        return None
    for _sids, func, _robust in reversed(connection.run_on_commit):
        if getattr(func, "audit_chain", None):
            return func
    return None


def _remember(chain: str, last_seq: int, last_hash: str) -> None:
    def appended() -> None:  # a marker: run (and forgotten) when the transaction commits
        pass

    appended.audit_chain = chain
    appended.audit_head = (last_seq, last_hash)
    transaction.on_commit(appended)


def audit_record(
    *,
    event_type: str,
    actor: Actor = None,
    target: Target | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    agency_code: str | None = None,
    chain: str | None = None,
) -> AuditEvent:
    """Append one event to its chain (default: :func:`chain_of` the actor), in the caller's
    transaction (or in one of its own when there is none)."""
    entry = Entry(event_type, actor, target, before, after, reason, agency_code)
    return audit_record_many([entry], chain=chain)[0]


def audit_record_many(entries: Sequence[Entry], *, chain: str | None = None) -> list[AuditEvent]:
    """Append events in the given order to one chain: the head row is locked once
    (``SELECT … FOR UPDATE``), so concurrent writers of the chain take turns and every event
    links to exactly one predecessor; then one INSERT for all and one UPDATE of the head.

    ``chain`` defaults to the chain of the first entry's actor; within a transaction that
    already appended, to the chain it appended to.
    """
    if not entries:
        return []
    for entry in entries:
        if entry.event_type not in EventType.values:
            raise ValueError(f"Unknown audit event type: {entry.event_type}")
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        with transaction.atomic():
            return _append(connection, chain or chain_of(entries[0].actor), entries)
    return _append(connection, chain, entries)


def _new_events(chain: str, entries: Sequence[Entry]) -> list[AuditEvent]:
    """The events of ``entries`` (times, actors, JSON), not yet numbered, linked or hashed."""
    now = timezone.now()
    events = []
    for entry in entries:
        target = entry.target or Target()
        user = entry.actor if getattr(entry.actor, "is_authenticated", False) else None
        events.append(
            AuditEvent(
                chain=chain,
                occurred_at=now,
                actor=user,
                actor_username=user.get_username() if user else "",
                agency_code=(
                    entry.agency_code if entry.agency_code is not None else _agency_of(user)
                ),
                event_type=entry.event_type,
                object_type=target.object_type,
                object_id=target.object_id,
                object_repr=target.object_repr,
                notice_id=target.notice_id,
                directive_id=target.directive_id,
                before=_jsonable(entry.before),
                after=_jsonable(entry.after),
                reason=entry.reason,
            )
        )
    return events


def _link(events: list[AuditEvent], *, last_seq: int, last_hash: str) -> str:
    """Number and hash ``events`` after the chain's last event; return the new last hash."""
    for seq, event in enumerate(events, start=last_seq + 1):
        event.seq = seq
        event.prev_hash = last_hash
        event.hash = last_hash = event_hash(event)
    return last_hash


def _append(connection, chain: str | None, entries: Sequence[Entry]) -> list[AuditEvent]:
    """Append in the current transaction. A transaction appends to ONE chain — the chain of its
    first event — so two transactions never wait for each other's heads in opposite orders (no
    deadlock), whoever acts for which agency; and once it holds the head it knows it, so later
    appends cost one statement."""
    last = _last_append(connection)
    if last is not None:
        chain, head = last.audit_chain, last.audit_head
    else:
        chain, head = chain or chain_of(entries[0].actor), None
    events = _new_events(chain, entries)
    if connection.vendor == "postgresql":
        _append_postgresql(connection, chain, events, head)
    else:
        locked = AuditChain.objects.select_for_update().filter(name=chain)
        if head is None:
            head = locked.values_list("last_seq", "last_hash").first()
        if head is None:
            AuditChain.objects.bulk_create([AuditChain(name=chain)], ignore_conflicts=True)
            head = locked.values_list("last_seq", "last_hash").get()
        _link(events, last_seq=head[0], last_hash=head[1])
        AuditEvent.objects.bulk_create(events)
        locked.update(last_seq=events[-1].seq, last_hash=events[-1].hash)
    _remember(chain, events[-1].seq, events[-1].hash)
    return events


_LOCK_HEAD = "SELECT last_seq, last_hash FROM audit_auditchain WHERE name = %s FOR UPDATE"


def _append_postgresql(connection, chain: str, events: list[AuditEvent], head) -> None:
    """One statement inserts the events and moves the head, after one that locks the head and
    reads it — unless this transaction already holds it (``head``)."""
    with connection.cursor() as cursor:
        if head is None:
            cursor.execute(_LOCK_HEAD, [chain])
            head = cursor.fetchone()
            if head is None:  # first event of this chain
                AuditChain.objects.bulk_create([AuditChain(name=chain)], ignore_conflicts=True)
                cursor.execute(_LOCK_HEAD, [chain])
                head = cursor.fetchone()
        last_hash = _link(events, last_seq=head[0], last_hash=head[1])
        query = InsertQuery(AuditEvent)
        query.insert_values(
            [f for f in AuditEvent._meta.concrete_fields if not f.primary_key], events
        )
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = [AuditEvent._meta.pk]
        [(insert_sql, params)] = compiler.as_sql()
        cursor.execute(
            f"WITH added AS ({insert_sql}), "
            "head AS (UPDATE audit_auditchain SET last_seq = %s, last_hash = %s WHERE name = %s) "
            "SELECT * FROM added",
            (*params, events[-1].seq, last_hash, chain),
        )
        for event, (pk,) in zip(events, cursor.fetchall(), strict=True):
            event.pk = pk
            event._state.adding = False
            event._state.db = connection.alias


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken: AuditEvent | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.problem


def audit_verify(*, chain: str | None = None) -> list[tuple[str, VerifyResult]]:
    """Recompute every hash of every chain (one per agency, and the main chain); name the first
    broken event of each."""
    if chain:
        chains = [chain]
    else:  # every chain that has events or a head (a chain emptied in SQL still has its head)
        chains = sorted(
            set(AuditEvent.objects.values_list("chain", flat=True).distinct())
            | set(AuditChain.objects.exclude(last_seq=0).values_list("name", flat=True))
        )
    results = []
    for name in chains:
        prev_hash, expected_seq, checked = "", 1, 0
        broken, problem = None, ""
        for event in (
            AuditEvent.objects.filter(chain=name).order_by("seq").iterator(chunk_size=2000)
        ):
            checked += 1
            if event.seq != expected_seq:
                broken, problem = event, f"thiếu sự kiện trước số {event.seq}"
                break
            if event.prev_hash != prev_hash:
                broken, problem = event, "không nối đúng với sự kiện liền trước"
                break
            if event_hash(event) != event.hash:
                broken, problem = event, "nội dung đã bị sửa sau khi ghi"
                break
            prev_hash, expected_seq = event.hash, expected_seq + 1
        if broken is None:
            head = AuditChain.objects.filter(name=name).first()
            if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
                problem = f"đầu chuỗi ghi {head.last_seq} sự kiện nhưng chỉ còn {checked}"
        results.append((name, VerifyResult(checked=checked, broken=broken, problem=problem)))
    return results


def audit_refusal(*, actor: Actor, action: str, reason: str, target: Target | None = None) -> None:
    """Record a refused attempt. Refusals change nothing, so this runs in its own transaction."""
    audit_record(
        event_type=EventType.REFUSED,
        actor=actor,
        target=target,
        after={"action": action},
        reason=reason,
    )


_in_service: contextvars.ContextVar[bool] = contextvars.ContextVar("in_service", default=False)


def refusals_audited(action: str, refusal: type[Exception]):
    """Decorate a service so that a refusal (``refusal`` raised) lands in the audit log.

    Apply it outside ``transaction.atomic``: the refused call rolls back, then the refusal is
    written. Services called by another service leave the logging to the outermost one.
    """

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if _in_service.get():
                return func(*args, **kwargs)
            token = _in_service.set(True)
            try:
                return func(*args, **kwargs)
            except refusal as exc:
                audit_refusal(actor=kwargs.get("by"), action=action, reason=str(exc))
                exc.audited = True
                raise
            finally:
                _in_service.reset(token)

        return wrapper

    return decorate
