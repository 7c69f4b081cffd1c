"""Canonical form of an audit event and its chained hash."""

import datetime
import hashlib
import json

HASHED_FIELDS = (
    "chain",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "agency_code",
    "event_type",
    "object_type",
    "object_id",
    "object_repr",
    "notice_id",
    "directive_id",
    "before",
    "after",
    "reason",
    "prev_hash",
)


def canonical(values: dict) -> str:
    """Stable text for hashing: sorted keys, ISO times, no whitespace variations."""
    return json.dumps(
        values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def event_values(event) -> dict:
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    # The database hands times back in UTC: hash them in UTC whatever zone they came in.
    values["occurred_at"] = event.occurred_at.astimezone(datetime.UTC).isoformat(
        timespec="microseconds"
    )
    return values


def event_hash(event) -> str:
    return hashlib.sha256(canonical(event_values(event)).encode()).hexdigest()
