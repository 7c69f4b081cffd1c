"""Webhooks: register endpoints, write the outbox in the transaction of the change, deliver
signed events (HMAC-SHA256 over ``<timestamp>.<body>``), retry with backoff.

Delivery takes a lease on the row (``next_try_at`` moved past the HTTP timeout) before sending,
so the Celery task queued on commit and the sweep never send the same delivery at once; a 2xx
answer marks it delivered, anything else schedules the next try (doubling delay, capped) until
``WEBHOOK_MAX_ATTEMPTS``, then it is marked failed (the admin sees status, last answer, next
try, and may send it again).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.permissions import require_api_admin
from api.services.tokens import webhook_viewer
from audit.models import EventType
from audit.services import audit_record, refusals_audited, target_of
from project.exceptions import InvalidInput, PermissionRefused
from tasks_app.models import Agency
from tasks_app.selectors import UserLike
from workflows.permissions import user_can_view_process

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Chidao-Signature"
TIMESTAMP_HEADER = "X-Chidao-Timestamp"
EVENT_HEADER = "X-Chidao-Event"
DELIVERY_HEADER = "X-Chidao-Delivery"
USER_AGENT = "chidao-webhook/1"


def signature(*, secret: str, timestamp: int | str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256(secret, ``"<timestamp>." + body``)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def signature_valid(
    *, secret: str, timestamp: str, body: bytes, header: str, tolerance: int | None = 300
) -> bool:
    """How a receiver checks a delivery (constant-time; rejects stale timestamps)."""
    try:
        stamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    if tolerance is not None and abs(time.time() - stamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret=secret, timestamp=stamp, body=body), header or "")


# --- endpoints ------------------------------------------------------------------------------


def _clean_events(events: Iterable[str]) -> list[str]:
    events = [str(e) for e in events or []]
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if not events or unknown:
        raise InvalidInput(
            _("Chọn ít nhất một loại sự kiện hợp lệ: %(kinds)s.")
            % {"kinds": ", ".join(WebhookEvent.values)},
            fields={"events": [_("Không hợp lệ.")]},
        )
    return [e for e in WebhookEvent.values if e in events]


@refusals_audited("webhook.save", PermissionRefused)
@transaction.atomic
def webhook_endpoint_save(
    *,
    by: UserLike,
    name: str,
    url: str,
    agency: Agency,
    events: Iterable[str],
    is_active: bool = True,
    endpoint: WebhookEndpoint | None = None,
) -> WebhookEndpoint:
    """Register (or change) an endpoint; a new one gets a random signing secret."""
    require_api_admin(user=by)
    if not (url or "").startswith(("http://", "https://")):
        raise InvalidInput(_("Địa chỉ nhận phải bắt đầu bằng http:// hoặc https://."))
    before = None
    if endpoint is None:
        endpoint = WebhookEndpoint(secret=secrets.token_urlsafe(32))
    else:
        before = {"url": endpoint.url, "events": endpoint.events, "agency": endpoint.agency.code}
    endpoint.name = (name or "").strip() or url
    endpoint.url = url
    endpoint.agency = agency
    endpoint.viewer = webhook_viewer(agency=agency)
    endpoint.events = _clean_events(events)
    endpoint.is_active = is_active
    endpoint.save()
    audit_record(
        event_type=EventType.WEBHOOK_SAVED,
        actor=by,
        target=target_of(endpoint),
        before=before,
        after={
            "url": endpoint.url,
            "events": endpoint.events,
            "agency": agency.code,
            "active": is_active,
        },
    )
    return endpoint


# --- outbox ---------------------------------------------------------------------------------


def _process_data(process) -> dict:
    directive = process.directive
    return {
        "assignment_id": process.assignment_id,
        "directive": {"id": directive.pk, "ref": directive.ref},
        "notice": {"id": directive.notice_id, "number": directive.notice.number},
        "lead": process.lead.code,
        "due_date": process.due_date,
        "outcome": process.outcome,
    }


def _task_data(task) -> dict:
    return {
        "id": task.pk,
        "step": task.flow_task.name if task.flow_task else "",
        "title": str(task.flow_task.task_title) if task.flow_task else "",
        "agency": task.agency.code if task.agency_id else None,
        "actor_role": task.actor_role,
        "status": task.status,
        "due_date": task.due_date,
        "owner": task.owner.get_username() if task.owner_id else None,
    }


def _endpoints_for(event: str) -> list[WebhookEndpoint]:
    return [
        e
        for e in WebhookEndpoint.objects.filter(is_active=True).select_related("viewer")
        if event in (e.events or [])
    ]


#: The events some active endpoint wants, cached (shared cache: every process sees a change);
#: cleared whenever an endpoint is saved or deleted (api.receivers).
WANTED_EVENTS_CACHE_KEY = "api:webhook-wanted-events"


def webhook_event_wanted(*, event: str) -> bool:
    """Whether any active endpoint wants ``event``: usually no query at all, so that a workflow
    step or a reminder batch costs nothing extra while no system listens."""
    wanted = cache.get(WANTED_EVENTS_CACHE_KEY)
    if wanted is None:
        wanted = sorted(
            {
                name
                for events in WebhookEndpoint.objects.filter(is_active=True).values_list(
                    "events", flat=True
                )
                for name in events or []
            }
        )
        cache.set(WANTED_EVENTS_CACHE_KEY, wanted, timeout=600)
    return event in wanted


def webhook_wanted_events_forget() -> None:
    """An endpoint changed: the next event reads the endpoints again."""
    cache.delete(WANTED_EVENTS_CACHE_KEY)


def webhook_events_record(
    *,
    event: str,
    key: str,
    process,
    task=None,
    by: UserLike = None,
) -> list[WebhookDelivery]:
    """Write one delivery per active endpoint that wants ``event`` and whose agency may see
    ``process`` (the same rule as the web pages), in the caller's transaction. The receiver
    hands the new deliveries to a worker once the transaction commits."""
    endpoints = _endpoints_for(event)
    if not endpoints:
        return []
    data = {"process": _process_data(process)}
    if task is not None:
        data["task"] = _task_data(task)
    if by is not None and getattr(by, "is_authenticated", False):
        data["by"] = by.get_username()
    created = []
    for endpoint in endpoints:
        if not user_can_view_process(user=endpoint.viewer, process=process):
            continue
        delivery = WebhookDelivery(endpoint=endpoint, event=event, event_key=key)
        delivery.payload = json.loads(
            json.dumps(
                {
                    "id": str(delivery.event_id),
                    "event": event,
                    "occurred_at": timezone.now(),
                    "data": data,
                },
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
            )
        )
        try:
            with transaction.atomic():
                delivery.save()
        except IntegrityError:  # the same change announced again: already in the outbox
            continue
        created.append(delivery)
    return created


# --- delivery -------------------------------------------------------------------------------


def _backoff(attempts: int) -> datetime.timedelta:
    seconds = settings.WEBHOOK_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return datetime.timedelta(seconds=min(seconds, settings.WEBHOOK_RETRY_MAX_SECONDS))


def _lease(pk: int, now: datetime.datetime) -> WebhookDelivery | None:
    """Take the delivery for one send if it is due (an atomic UPDATE: one taker only)."""
    lease_until = now + datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 3 + 30)
    taken = WebhookDelivery.objects.filter(
        pk=pk, status=DeliveryStatus.PENDING, next_try_at__lte=now
    ).update(next_try_at=lease_until)
    if not taken:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=pk)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.event_id),
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(
                secret=delivery.endpoint.secret, timestamp=timestamp, body=body
            ),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:500]


def webhook_deliver(*, delivery_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one due delivery; ``True`` when the endpoint accepted it (2xx)."""
    now = now or timezone.now()
    delivery = _lease(delivery_id, now)
    if delivery is None:
        return False
    status, error = _post(delivery)
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.last_status_code = status
    fields = ["attempts", "last_attempt_at", "last_status_code", "last_error", "status"]
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = delivery.last_attempt_at
        delivery.last_error = ""
        fields.append("delivered_at")
    else:
        delivery.last_error = error or _("Không nhận được trả lời hợp lệ.")
        if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.next_try_at = now + _backoff(delivery.attempts)
            fields.append("next_try_at")
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        **{field: getattr(delivery, field) for field in fields}
    )
    if delivery.status == DeliveryStatus.FAILED:
        logger.warning("webhook %s gave up after %s attempts", delivery.pk, delivery.attempts)
    return delivery.status == DeliveryStatus.DELIVERED


def webhooks_due(*, now: datetime.datetime | None = None, batch: int = 200) -> list[int]:
    """Deliveries waiting for their (next) try, oldest first."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_try_at__lte=now)
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )


def webhook_retry_now(*, deliveries: Iterable[WebhookDelivery], by: UserLike) -> int:
    """The admin's "send again": pending or failed deliveries become due now."""
    require_api_admin(user=by)
    ids = [d.pk for d in deliveries]
    return WebhookDelivery.objects.filter(
        Q(pk__in=ids), ~Q(status=DeliveryStatus.DELIVERED)
    ).update(status=DeliveryStatus.PENDING, next_try_at=timezone.now())
