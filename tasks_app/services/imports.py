"""Uploads from the web: text, Word and text-layer PDF become a draft at once; a scan is stored
as an import job and read by OCR in a background worker, which reports its progress on the job
row so the page can show it."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import refusals_audited
from project.exceptions import ApplicationError, InvalidInput, PermissionRefused
from tasks_app.importing import OcrRequired, ocr_page_count
from tasks_app.importing.errors import NoticeImportError
from tasks_app.models import ImportJob, ImportJobStatus, Notice
from tasks_app.permissions import require_notice_editor
from tasks_app.selectors import UserLike
from tasks_app.signals import import_job_queued

from .notices import notice_draft_create, notice_parse

logger = logging.getLogger(__name__)


@refusals_audited("notice.import", PermissionRefused)
def notice_upload(*, content: bytes, filename: str, by: UserLike) -> Notice | ImportJob:
    """An uploaded notice file: a draft (``Notice``) when its text can be read now, or an
    ``ImportJob`` queued for OCR when it is a scan. Unreadable input (and a scan beyond the
    OCR page limit) is refused with one Vietnamese line before anything is stored."""
    require_notice_editor(user=by)
    try:
        parsed = notice_parse(content=content, filename=filename, ocr=False)
    except OcrRequired:
        return import_job_create(content=content, filename=filename, by=by)
    return notice_draft_create(parsed=parsed, by=by)


@transaction.atomic
def import_job_create(*, content: bytes, filename: str, by: UserLike) -> ImportJob:
    """Store a scan for OCR and queue it (the worker is told once the row is committed)."""
    require_notice_editor(user=by)
    try:
        pages = ocr_page_count(content, filename)
    except NoticeImportError as exc:
        raise InvalidInput(str(exc)) from exc
    name = filename.rsplit("/", 1)[-1][:255] or "ban-quet"
    job = ImportJob(filename=name, size=len(content), pages_total=pages, created_by=by)
    job.upload.save(name, ContentFile(content), save=False)
    job.save()
    transaction.on_commit(lambda: import_job_queued.send(sender=ImportJob, job_id=job.pk))
    return job


def _progress(job_id: int):
    def report(done: int, total: int) -> None:
        # Autocommitted one row at a time, so the page polling the job sees every page.
        ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.RUNNING).update(
            pages_done=done, pages_total=total
        )

    return report


def _claim(job_id: int) -> ImportJob | None:
    """Mark the job running; None when it is gone or already ended (a redelivered message).
    A job left running by a worker that died is taken again."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        job.status = ImportJobStatus.RUNNING
        job.started_at = timezone.now()
        job.pages_done = 0
        job.save(update_fields=["status", "started_at", "pages_done"])
        return job


def _read_upload(job: ImportJob) -> bytes:
    try:
        with job.upload.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError) as exc:
        raise InvalidInput(
            _("Không còn tệp đã tải lên trên máy chủ nhận dạng; hãy tải tệp lên lại.")
        ) from exc


def _finish(job: ImportJob, *, error: str = "", text: str = "", notice: Notice | None = None):
    job.status = ImportJobStatus.FAILED if error else ImportJobStatus.DONE
    job.error = " ".join(error.split())
    job.text = text
    job.notice = notice
    job.finished_at = timezone.now()
    if notice is not None:
        job.pages_done = job.pages_total
    job.save(update_fields=["status", "error", "text", "notice", "finished_at", "pages_done"])


def _discard_upload(job_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not job.upload:
        return
    try:
        job.upload.delete(save=False)
    except OSError:  # pragma: no cover - the file is only clutter now
        logger.warning("could not delete the upload of import job %s", job_id)
    ImportJob.objects.filter(pk=job_id).update(upload="")


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Read a queued scan through OCR and store its draft (run by a worker, never in a request).

    Progress goes to the job row page by page. A file that cannot be read ends the job as
    failed with one Vietnamese line and creates nothing. Running it again for a job that ended
    does nothing, so a redelivered message is harmless.
    """
    job = _claim(job_id)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    try:
        parsed = notice_parse(
            content=_read_upload(job), filename=job.filename, ocr=True, progress=_progress(job.pk)
        )
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if job.is_finished:
                return job
            notice = notice_draft_create(parsed=parsed, by=job.created_by)
            _finish(job, text=parsed.text, notice=notice)
    except ApplicationError as exc:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if not job.is_finished:
                _finish(job, error=exc.message)
    except DatabaseError:
        raise  # transient: the worker retries, the job is still running
    except Exception:
        logger.exception("import job %s failed", job_id)
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if not job.is_finished:
                _finish(
                    job,
                    error=_(
                        "Lỗi hệ thống khi đọc bản quét; hãy thử lại sau hoặc báo quản trị viên."
                    ),
                )
    if job.is_finished:
        _discard_upload(job.pk)
    return ImportJob.objects.get(pk=job.pk)


@refusals_audited("import_job.requeue", PermissionRefused)
def import_job_requeue(*, job: ImportJob, by: UserLike) -> ImportJob:
    """Hand a job that is still waiting to the worker again (the broker lost the message)."""
    require_notice_editor(user=by)
    job = ImportJob.objects.get(pk=job.pk)
    if job.is_finished:
        return job
    import_job_queued.send(sender=ImportJob, job_id=job.pk)
    return job
