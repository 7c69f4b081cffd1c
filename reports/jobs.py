"""Large exports as background jobs (``notifications_app.ReportExport``).

- :func:`export_job_create`: above ``settings.EXPORT_INLINE_MAX_ROWS`` rows the dashboard and
  the API queue the export instead of building it in the request (refusals are recorded and
  raised as for an immediate export); the worker is told once the row is committed.
- :func:`export_job_run` (worker): builds the file into a temporary file with its progress on
  the job row, stores it under a private path, records the export in the audit log and tells
  the user in the bell, with the download link. A failure ends the job with one Vietnamese
  line (on the job page and in the bell); no file is offered.
- :func:`export_job_download`: the file, for its owner only (404 for anyone else), while their
  *current* report scope still covers the scope it was built in.
- :func:`export_jobs_purge` (beat): files past ``settings.EXPORT_RETENTION_HOURS`` are deleted,
  and so are files no job refers to (a worker that died after storing one) once as old.
"""

from __future__ import annotations

import datetime
import logging
import tempfile

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import DatabaseError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from notifications.models import Notification

from audit.services import audit_refusal
from notifications_app.models import ReportExport, ReportExportStatus
from project.exceptions import (
    ApplicationError,
    InvalidInput,
    NotFound,
    PermissionRefused,
    StateConflict,
)
from reports import services
from reports.selectors.filters import ReportFilters
from reports.signals import export_job_queued
from tasks_app.models import Agency, Notice
from tasks_app.selectors import UserLike
from workflows import permissions

logger = logging.getLogger(__name__)

FORMAT_LABELS = {services.ExportFormat.XLSX: "Excel (XLSX)", services.ExportFormat.PDF: "PDF"}


# --- filters and scope, as stored on the job ----------------------------------------------------


def filters_data(filters: ReportFilters) -> dict:
    return {
        "notice": filters.notice.pk if filters.notice else None,
        "agency": filters.agency.pk if filters.agency else None,
        "date_basis": filters.date_basis,
        "date_from": filters.date_from.isoformat() if filters.date_from else None,
        "date_to": filters.date_to.isoformat() if filters.date_to else None,
        "status": filters.status,
    }


def filters_of(data: dict) -> ReportFilters:
    notice = agency = None
    if data.get("notice"):
        notice = Notice.objects.filter(pk=data["notice"]).first()
        if notice is None:
            raise InvalidInput(_("Thông báo của báo cáo này không còn trong hệ thống."))
    if data.get("agency"):
        agency = Agency.objects.filter(pk=data["agency"]).first()
        if agency is None:
            raise InvalidInput(_("Cơ quan của báo cáo này không còn trong danh mục."))

    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    return ReportFilters(
        notice=notice,
        agency=agency,
        date_basis=data.get("date_basis") or "due",
        date_from=day(data.get("date_from")),
        date_to=day(data.get("date_to")),
        status=data.get("status") or "",
    )


def scope_data(scope: permissions.ReportScope) -> dict:
    if scope.sees_all:
        return {"all": True}
    return {"agencies": sorted(scope.lead_agency_ids)}


def scope_covers(scope: permissions.ReportScope, stored: dict) -> bool:
    """Whether ``scope`` (now) still sees everything the stored scope saw."""
    if scope.sees_all:
        return True
    if stored.get("all"):
        return False
    return set(stored.get("agencies") or []) <= set(scope.lead_agency_ids)


def job_url(name: str, job_id: int) -> str:
    try:
        return reverse(f"reports:dashboard:{name}", kwargs={"pk": job_id})
    except NoReverseMatch:  # pragma: no cover - the site is always mounted
        return ""


# --- create ------------------------------------------------------------------------------------


def export_job_create(
    *, user: UserLike, filters: ReportFilters, fmt: str, rows_total: int = 0
) -> ReportExport:
    """Queue the export of ``filters`` for ``user`` (refused and recorded as an export would be)."""
    scope = services.export_check(user=user, filters=filters, fmt=fmt)
    with transaction.atomic():
        job = ReportExport.objects.create(
            user=user,
            format=fmt,
            filters=filters_data(filters),
            scope=scope_data(scope),
            rows_total=rows_total,
        )
        transaction.on_commit(lambda: export_job_queued.send(sender=ReportExport, job_id=job.pk))
    return job


# --- run (worker) --------------------------------------------------------------------------------


def _claim(job_id: int) -> ReportExport | None:
    """Mark the job running; None when it is gone or already ended (a redelivered message).
    A job left running by a worker that died is taken again."""
    with transaction.atomic():
        job = ReportExport.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        job.status = ReportExportStatus.RUNNING
        job.started_at = timezone.now()
        job.rows_done = 0
        job.save(update_fields=["status", "started_at", "rows_done"])
        return job


def _progress(job_id: int):
    def report(done: int, total: int) -> None:
        # Autocommitted, one row: the page polling the job sees it at once.
        ReportExport.objects.filter(pk=job_id, status=ReportExportStatus.RUNNING).update(
            rows_done=done, rows_total=total
        )

    return report


def _notify(job: ReportExport, *, verb: str, description: str, link: str) -> None:
    Notification.objects.create(
        recipient=job.user,
        actor_content_type=ContentType.objects.get_for_model(job.user),
        actor_object_id=str(job.user.pk),
        verb=verb,
        description=description,
        target_content_type=ContentType.objects.get_for_model(ReportExport),
        target_object_id=str(job.pk),
        data={"link": link, "kind": "report_export", "export": job.pk},
    )


def _fail(job_id: int, message: str) -> ReportExport:
    with transaction.atomic():
        job = ReportExport.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return job
        job.status = ReportExportStatus.FAILED
        job.error = " ".join(message.split())
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        _notify(
            job,
            verb=_("Không lập được báo cáo %(format)s") % {"format": FORMAT_LABELS[job.format]},
            description=job.error,
            link=job_url("export_job", job.pk),
        )
    return job


def _refusal_if_scope_lost(job: ReportExport, filters: ReportFilters) -> str:
    scope = permissions.report_scope(user=job.user)
    if not scope_covers(scope, job.scope):
        return scope_lost_message()
    return permissions.report_refusal(scope=scope, agency=filters.agency, notice=filters.notice)


def scope_lost_message() -> str:
    return _(
        "Bạn không còn được xem báo cáo này (đã đổi cơ quan hoặc vai trò); hãy xuất lại báo cáo."
    )


def export_job_run(*, job_id: int) -> ReportExport | None:
    """Build a queued export (run by a worker, never in a request); see the module's doc."""
    with translation.override(settings.LANGUAGE_CODE):
        job = _claim(job_id)
        if job is None:
            return ReportExport.objects.filter(pk=job_id).first()
        stored = None
        try:
            filters = filters_of(job.filters)
            refusal = _refusal_if_scope_lost(job, filters)
            if refusal:
                raise PermissionRefused(refusal, code="report_refused")
            today = timezone.localdate()
            with tempfile.TemporaryFile() as out:
                built = services.export_build(
                    user=job.user,
                    filters=filters,
                    fmt=job.format,
                    out=out,
                    today=today,
                    progress=_progress(job.pk),
                )
                out.seek(0, 2)
                size = out.tell()
                out.seek(0)
                stored = job.file.storage.save(
                    job.file.field.generate_filename(job, built.filename), File(out)
                )
            with transaction.atomic():
                job = ReportExport.objects.select_for_update().get(pk=job.pk)
                if job.is_finished:
                    job.file.storage.delete(stored)
                    return job
                now = timezone.now()
                job.file.name, job.filename, job.size, job.sha256 = (
                    stored,
                    built.filename,
                    size,
                    built.sha256,
                )
                job.status, job.finished_at = ReportExportStatus.DONE, now
                job.rows_done = job.rows_total = built.rows
                job.expires_at = now + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS)
                job.save()
                services.export_record(
                    user=job.user,
                    filters=filters,
                    fmt=job.format,
                    built=built,
                    today=today,
                    job=job.pk,
                )
                _notify(
                    job,
                    verb=_("Báo cáo %(format)s đã lập xong, sẵn sàng tải về")
                    % {"format": FORMAT_LABELS[job.format]},
                    description=_("%(title)s (%(rows)s dòng)")
                    % {"title": built.report.title, "rows": built.rows},
                    link=job_url("export_job_download", job.pk),
                )
            return job
        except ApplicationError as exc:
            _discard(stored)
            return _fail(job_id, exc.message)
        except DatabaseError:
            _discard(stored)
            raise  # transient: the worker retries; the job is still running
        except Exception:
            _discard(stored)
            logger.exception("report export %s failed", job_id)
            return _fail(
                job_id,
                _("Lỗi hệ thống khi lập báo cáo; hãy thử lại sau hoặc báo quản trị viên."),
            )


def _discard(name: str | None) -> None:
    if not name:
        return
    try:
        ReportExport._meta.get_field("file").storage.delete(name)
    except OSError:  # pragma: no cover - only clutter, the purge does not know it
        logger.warning("could not delete the partial export file %s", name)


# --- download, purge --------------------------------------------------------------------------


def export_job_of(*, user: UserLike, job_id: int) -> ReportExport:
    """The user's own export job (404 for anyone else's, as for a missing one)."""
    job = ReportExport.objects.filter(pk=job_id, user_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound()
    return job


def export_job_download(*, user: UserLike, job_id: int) -> ReportExport:
    """The finished job whose file ``user`` may download now (refusals recorded)."""
    job = export_job_of(user=user, job_id=job_id)
    done = job.status == ReportExportStatus.DONE
    expired = job.expires_at is not None and job.expires_at <= timezone.now()
    if job.status == ReportExportStatus.EXPIRED or (done and expired):
        raise StateConflict(
            _("Tệp báo cáo đã hết hạn tải về; hãy xuất lại báo cáo."), code="export_expired"
        )
    if not done:
        raise StateConflict(_("Báo cáo chưa lập xong."), code="export_not_ready")
    filters = filters_of(job.filters)
    refusal = _refusal_if_scope_lost(job, filters)
    if refusal:
        audit_refusal(
            actor=user,
            action=f"report.export.{job.format}.download",
            reason=refusal,
            target=services.export_target(filters),
        )
        error = PermissionRefused(refusal, code="report_refused")
        error.audited = True
        raise error
    return job


#: Where the export files are stored (``ReportExport.file``'s ``upload_to``, without the date).
EXPORTS_DIR = "private/exports"


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past their retention, and files under ``EXPORTS_DIR`` that
    no job refers to (a worker that died between storing a file and saving its job) once they
    are older than the retention; returns how many files were deleted."""
    now = now or timezone.now()
    purged = 0
    for job in ReportExport.objects.filter(
        status=ReportExportStatus.DONE, expires_at__lte=now
    ).iterator():
        _discard(job.file.name)
        ReportExport.objects.filter(pk=job.pk).update(status=ReportExportStatus.EXPIRED, file="")
        purged += 1
    return purged + _orphans_purge(now=now)


def _stored_files(storage, path: str):
    try:
        folders, files = storage.listdir(path)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{path}/{name}"
    for folder in folders:
        yield from _stored_files(storage, f"{path}/{folder}")


def _orphans_purge(*, now: datetime.datetime) -> int:
    storage = ReportExport._meta.get_field("file").storage
    cutoff = now - datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    # read before listing: a file stored since is recent, so kept by the age test below
    referred = set(ReportExport.objects.exclude(file="").values_list("file", flat=True))
    purged = 0
    for name in _stored_files(storage, EXPORTS_DIR):
        if name in referred:
            continue
        try:
            if storage.get_modified_time(name) > cutoff:
                continue
        except (OSError, NotImplementedError):  # pragma: no cover - a storage without times
            continue
        logger.warning("deleting the export file %s, which no export refers to", name)
        _discard(name)
        purged += 1
    return purged
