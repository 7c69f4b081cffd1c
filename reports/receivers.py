"""Receivers: hand a queued export to a worker. Imported only by ``ReportsConfig.ready()``."""

import logging

from django.dispatch import receiver
from kombu.exceptions import OperationalError

from notifications_app.models import ReportExport
from reports.signals import export_job_queued
from reports.tasks import report_export_run

logger = logging.getLogger(__name__)


@receiver(export_job_queued, sender=ReportExport, dispatch_uid="reports.dispatch_export_job")
def dispatch_export_job(sender, job_id, **kwargs):
    try:
        report_export_run.delay(job_id)
    except OperationalError:
        # The broker is down: the job stays waiting; its page says so after a while.
        logger.warning("could not queue report export %s: broker unreachable", job_id)
