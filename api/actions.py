"""How every changing API call runs: idempotency key, lock, version check, one transaction.

:func:`act` wraps the call of a service:

1. an ``Idempotency-Key`` header takes the key in the same transaction as the action; a retry
   with the same key and the same request gets the stored answer back (``Idempotent-Replayed:
   true``) and acts no second time; the same key with a different request is refused (422);
2. ``lock`` takes the row locks (``SELECT … FOR UPDATE``, waiting) of what the action changes
   before the version check, in the same transaction, so the check and the change see the same
   state and a second client waits, then finds the new version;
3. ``precondition`` compares the ``If-Match`` header with the object's current ETag
   (412 ``version_mismatch`` when it moved on; 428 ``version_required`` for edits sent without
   one);
4. a refusal (any :class:`project.exceptions.ApplicationError`) leaves the transaction committed
   with only what the service wrote about the refusal (the audit log), and is answered with the
   object's current state when ``current`` is given.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.exceptions import PreconditionFailed, PreconditionRequired
from api.services.idempotency import (
    idempotency_claim,
    idempotency_release,
    idempotency_store,
)
from project.exceptions import ApplicationError, InvalidInput, StateConflict

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def etag_of(*parts) -> str:
    """A strong ETag over the values that make an object's version."""
    digest = hashlib.sha256(
        json.dumps([str(p) for p in parts], ensure_ascii=False).encode()
    ).hexdigest()
    return f'"{digest[:24]}"'


def _if_match(request) -> list[str] | None:
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = []
    for part in header.split(","):
        part = part.strip()
        if part.startswith("W/"):
            part = part[2:]
        if part:
            tags.append(part if part == "*" or part.startswith('"') else f'"{part}"')
    return tags


def require_version(request, *, etag: str, required: bool) -> None:
    """Refuse when ``If-Match`` names another version than ``etag`` (or is missing while
    ``required``)."""
    tags = _if_match(request)
    if tags is None:
        if required:
            raise PreconditionRequired()
        return
    if "*" not in tags and etag not in tags:
        raise PreconditionFailed()


def request_fingerprint(request) -> str:
    """What makes two requests "the same": method, path, query, fields and file contents."""
    digest = hashlib.sha256()
    digest.update(
        f"{request.method} {request.path}?{request.META.get('QUERY_STRING', '')}".encode()
    )
    data = request.data
    items = data.lists() if hasattr(data, "lists") else (data or {}).items()
    for name, value in sorted(items, key=lambda item: str(item[0])):
        digest.update(f"\0{name}=".encode())
        for item in value if isinstance(value, list) else [value]:
            if hasattr(item, "chunks"):
                digest.update(f"file:{getattr(item, 'name', '')}:".encode())
                for chunk in item.chunks():
                    digest.update(chunk)
                item.seek(0)
            else:
                digest.update(json.dumps(item, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _idempotency_key(request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(
            _("Idempotency-Key phải là chuỗi in được, dài 1–255 ký tự."),
            code="invalid_idempotency_key",
        )
    return key


def _replay(record) -> Response:
    response = Response(record.body, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def _key_reused() -> ApplicationError:
    error = InvalidInput(
        _(
            "Idempotency-Key này đã được dùng cho một yêu cầu khác; mỗi thao tác mới cần một "
            "khóa mới."
        ),
        code="idempotency_key_reused",
    )
    error.status = 422
    return error


def act(
    request,
    action: Callable[[], Response],
    *,
    lock: Callable[[], None] | None = None,
    precondition: Callable[[], None] | None = None,
    current: Callable[[], tuple[dict, str]] | None = None,
    idempotent: bool = True,
) -> Response:
    """Run ``action`` (which calls one service and returns the answer); see the module doc."""
    key = _idempotency_key(request) if idempotent else None
    fingerprint = request_fingerprint(request) if key else ""
    error: ApplicationError | None = None
    response: Response | None = None
    with transaction.atomic():
        record = None
        if key:
            record, taken = idempotency_claim(user=request.user, key=key, fingerprint=fingerprint)
            if not taken:
                if record.fingerprint != fingerprint:
                    error = _key_reused()
                else:
                    response = _replay(record)
        if error is None and response is None:
            try:
                # no savepoint around the action: a refusal the service wrote to the audit log
                # (after rolling back its own changes) must stay
                if lock is not None:
                    lock()
                if precondition is not None:
                    precondition()
                response = action()
            except ApplicationError as exc:
                error = exc
            if record is not None:
                if error is None and 200 <= response.status_code < 300:
                    body = json.loads(JSONRenderer().render(response.data) or b"null")
                    idempotency_store(record=record, status_code=response.status_code, body=body)
                else:
                    idempotency_release(record=record)
    if error is not None:
        if current is not None and isinstance(error, StateConflict):
            error.current, error.etag = current()
        raise error
    return response


def lock_rows(*querysets) -> None:
    """Lock the rows of ``querysets`` in order (``SELECT … FOR UPDATE``, waiting for others)."""
    for queryset in querysets:
        list(queryset.select_for_update().values_list("pk", flat=True))
