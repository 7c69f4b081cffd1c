"""Operational tasks: a heartbeat that proves worker and beat are alive, and a ping."""

from celery import shared_task
from django.utils import timezone

from project.models import Heartbeat


@shared_task(name="project.heartbeat_record", ignore_result=True)
def heartbeat_record() -> None:
    Heartbeat.objects.update_or_create(name="beat", defaults={"seen_at": timezone.now()})


@shared_task(name="project.ping")
def ping(value: str) -> str:
    """Round-trip check used by operators and the stack test."""
    return f"pong:{value}"
