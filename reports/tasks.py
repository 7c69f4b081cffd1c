"""Celery tasks of the reports app: thin wrappers that take ids and call one service."""

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from reports import jobs

TRANSIENT = (DatabaseError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    name="reports.report_export_run",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
    ignore_result=True,
)
def report_export_run(job_id: int) -> None:
    """Build a large export (progress on the job row), then tell its owner in the bell."""
    jobs.export_job_run(job_id=job_id)


@shared_task(name="reports.report_exports_purge", ignore_result=True)
def report_exports_purge() -> int:
    """Every hour (beat): delete export files past their retention, and forgotten ones."""
    return jobs.export_jobs_purge()
