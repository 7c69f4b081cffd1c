"""Receivers: hand a queued scan to a worker. Imported only by ``TasksAppConfig.ready()``."""

import logging

from django.dispatch import receiver
from kombu.exceptions import OperationalError

from tasks_app.models import ImportJob
from tasks_app.signals import import_job_queued
from tasks_app.tasks import import_job_run

logger = logging.getLogger(__name__)


@receiver(import_job_queued, sender=ImportJob, dispatch_uid="tasks_app.dispatch_import_job")
def dispatch_import_job(sender, job_id, **kwargs):
    try:
        import_job_run.delay(job_id)
    except OperationalError:
        # The broker is down: the job stays waiting and its page offers to send it again.
        logger.warning("could not queue import job %s: broker unreachable", job_id)
