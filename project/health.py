"""Liveness and readiness endpoints for load balancers and operators."""

import logging
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)


def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready"
        logger.warning("readyz: database unreachable: %s", exc)
        return f"Không kết nối được cơ sở dữ liệu ({exc.__class__.__name__})."
    return None


def _check_broker() -> str | None:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=3,
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)
            if settings.CELERY_BROKER_URL.startswith("filesystem"):
                # The filesystem transport "connects" to anything: prove the folder is writable.
                folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
                (folder / ".readyz").write_text("ok")
    except Exception as exc:
        logger.warning("readyz: broker unreachable: %s", exc)
        return f"Không kết nối được hàng đợi Celery ({exc.__class__.__name__})."
    return None


def _beat_age_seconds() -> float | None:
    from project.models import Heartbeat

    try:
        beat = Heartbeat.objects.filter(name="beat").first()
    except Exception:
        return None
    return None if beat is None else (timezone.now() - beat.seen_at).total_seconds()


@require_GET
def readyz(request):
    problems = {"database": _check_database(), "broker": _check_broker()}
    failed = {k: v for k, v in problems.items() if v}
    body = {
        "status": "unavailable" if failed else "ok",
        "checks": {k: (v or "ok") for k, v in problems.items()},
    }
    if "database" not in failed:
        body["beat_last_seen_seconds"] = _beat_age_seconds()
    if failed:
        body["reason"] = "; ".join(failed.values())
    return JsonResponse(
        body, status=503 if failed else 200, json_dumps_params={"ensure_ascii": False}
    )
