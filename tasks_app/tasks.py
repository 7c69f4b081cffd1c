"""Celery tasks of the notice app: thin wrappers that take ids and call one service."""

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from tasks_app import services

TRANSIENT = (DatabaseError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    name="tasks_app.import_job_run",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
    ignore_result=True,
)
def import_job_run(job_id: int) -> None:
    """Read a queued scan through OCR and store its draft (progress on the job row)."""
    services.import_job_run(job_id=job_id)
