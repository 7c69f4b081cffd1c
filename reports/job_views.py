"""Pages of a large export built by a worker: its progress (the page asks for updates, or
refreshes itself without script), and the file's download for its owner."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, JsonResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from notifications_app.models import ReportExport
from reports import jobs


def _state(job: ReportExport) -> dict:
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": job.percent,
        "finished": job.is_finished,
        "error": job.error,
        "download_url": jobs.job_url("export_job_download", job.pk)
        if job.status == ReportExport.Status.DONE
        else "",
    }


class ExportJobView(LoginRequiredMixin, TemplateView):
    template_name = "reports/export_job.html"

    def get_context_data(self, **kwargs):
        job = jobs.export_job_of(user=self.request.user, job_id=kwargs["pk"])
        return super().get_context_data(
            job=job,
            format_label=jobs.FORMAT_LABELS.get(job.format, job.format),
            state=_state(job),
            status_url=jobs.job_url("export_job_status", job.pk),
            dashboard_url=reverse("reports:dashboard:index"),
            **kwargs,
        )


class ExportJobStatusView(LoginRequiredMixin, View):
    """The job's state as JSON, for the progress page's script."""

    def get(self, request, pk):
        response = JsonResponse(_state(jobs.export_job_of(user=request.user, job_id=pk)))
        response["Cache-Control"] = "no-store"
        return response


def file_response(job: ReportExport) -> FileResponse:
    response = FileResponse(
        job.file.open("rb"),
        content_type=(
            jobs.services.exports.XLSX_CONTENT_TYPE
            if job.format == "xlsx"
            else jobs.services.exports.PDF_CONTENT_TYPE
        ),
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"{job.filename}\"; filename*=UTF-8''{quote(job.filename)}"
    )
    response["X-Content-SHA256"] = job.sha256
    response["Cache-Control"] = "no-store"
    return response


class ExportJobDownloadView(LoginRequiredMixin, View):
    """The file, for its owner, while their current scope still covers the report."""

    def get(self, request, pk):
        return file_response(jobs.export_job_download(user=request.user, job_id=pk))
