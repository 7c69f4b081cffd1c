"""Signals of the reports app.

- ``export_job_queued(sender=ReportExport, job_id)``: a large export was queued and its
  transaction committed; the receiver hands it to a Celery worker (``tasks.report_export_run``).
"""

from django.dispatch import Signal

export_job_queued = Signal()
