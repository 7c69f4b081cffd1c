"""Signals of the notice app.

- ``import_job_queued(sender=ImportJob, job_id)``: a scan was stored for OCR and its transaction
  committed; the receiver hands it to a Celery worker (``tasks.import_job_run``).
"""

from django.dispatch import Signal

import_job_queued = Signal()
