"""Writing the audit log; called by the services of the other apps inside their transaction."""

from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
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
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    membership = actor.memberships.select_related("agency").order_by("pk").first()
    return membership.agency.code if membership else ""


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


def audit_record(
    *,
    event_type: str,
    actor: Actor = None,
    target: Target | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    agency_code: str | None = None,
    chain: str = MAIN_CHAIN,
) -> AuditEvent:
    """Append one event to its chain, in the caller's transaction.

    The chain head row is locked (``SELECT … FOR UPDATE``) so concurrent writers take turns and
    every event links to exactly one predecessor.
    """
    if event_type not in EventType.values:
        raise ValueError(f"Unknown audit event type: {event_type}")
    target = target or Target()
    with transaction.atomic():
        AuditChain.objects.get_or_create(name=chain)
        head = AuditChain.objects.select_for_update().get(name=chain)
        user = actor if getattr(actor, "is_authenticated", False) else None
        event = AuditEvent(
            chain=chain,
            seq=head.last_seq + 1,
            occurred_at=timezone.now(),
            actor=user,
            actor_username=user.get_username() if user else "",
            agency_code=agency_code if agency_code is not None else _agency_of(user),
            event_type=event_type,
            object_type=target.object_type,
            object_id=target.object_id,
            object_repr=target.object_repr,
            notice_id=target.notice_id,
            directive_id=target.directive_id,
            before=_jsonable(before),
            after=_jsonable(after),
            reason=reason,
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save(_append=True)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken: AuditEvent | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.problem


def audit_verify(*, chain: str | None = None) -> list[tuple[str, VerifyResult]]:
    """Recompute every hash of every chain; name the first broken event of each."""
    chains = (
        [chain]
        if chain
        else list(AuditEvent.objects.values_list("chain", flat=True).distinct().order_by("chain"))
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
