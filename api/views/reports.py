"""Statistics, a directive's completion history, the audit log, the progress report export."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api import selectors as api_selectors
from api.serializers import reports as rs
from api.serializers.common import ErrorSerializer
from api.views.base import AnyAcceptMixin, ApiViewSet, query_params
from audit.models import AuditEvent
from project.exceptions import InvalidInput, PermissionRefused
from reports import jobs
from reports import services as reporting
from reports.exports import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE
from reports.job_views import file_response
from reports.selectors import dashboard
from reports.selectors import timeline as timelines
from reports.selectors.filters import ReportFilters
from tasks_app.models import Agency, Notice
from tasks_app.selectors import user_sees_everything
from workflows import permissions


def report_filters(data: dict) -> ReportFilters:
    """The report filters of validated input; unknown notice or agency is a field error."""
    notice = agency = None
    if data.get("notice"):
        notice = Notice.objects.filter(pk=data["notice"]).first()
        if notice is None:
            raise InvalidInput(fields={"notice": [_("Không có thông báo này.")]})
    if data.get("agency"):
        agency = Agency.objects.filter(code=data["agency"]).first()
        if agency is None:
            raise InvalidInput(fields={"agency": [_("Mã cơ quan không có trong danh mục.")]})
    return ReportFilters(
        notice=notice,
        agency=agency,
        date_basis=data.get("date_basis") or "due",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        status=data.get("status") or "",
    )


class StatisticsView(APIView):
    """Thống kê theo hai trục trạng thái (Văn phòng, cán bộ kiểm tra, lãnh đạo cơ quan)."""

    schema_tags = ["Báo cáo"]

    @extend_schema(
        summary="Thống kê tiến độ",
        parameters=[rs.ReportFilterInput],
        responses=rs.StatisticsSerializer,
    )
    def get(self, request):
        filters = report_filters(query_params(request, rs.ReportFilterInput))
        scope = permissions.report_scope(user=request.user)
        refusal = permissions.report_refusal(
            scope=scope, agency=filters.agency, notice=filters.notice
        )
        if refusal:
            reporting.report_refusal_record(user=request.user, reason=refusal, filters=filters)
            error = PermissionRefused(refusal, code="report_refused")
            error.audited = True
            raise error
        today = timezone.localdate()
        qs = dashboard.report_queryset(scope=scope, filters=filters, today=today)
        return Response(
            {
                "today": today,
                "counts": rs.counts_data(dashboard.status_counts(qs)),
                "by_agency": [_group(g) for g in dashboard.counts_by_agency(qs)],
                "by_notice": [_group(g) for g in dashboard.counts_by_notice(qs)],
            }
        )


def _group(group) -> dict:
    return {
        "id": group.key,
        "label": group.label,
        "detail": group.detail,
        "counts": rs.counts_data(group.counts),
    }


class TimelineViewSet(ApiViewSet):
    """Lịch sử hoàn thành của một nhiệm vụ."""

    schema_tags = ["Nhiệm vụ"]
    pagination_class = None
    serializer_class = rs.TimelineSerializer

    @extend_schema(summary="Lịch sử hoàn thành của nhiệm vụ (như trang lịch sử)")
    def retrieve(self, request, pk=None):
        directive = self.visible(
            api_selectors.directives_visible_to(user=request.user).select_related("notice"), pk
        )
        scope = permissions.report_scope(user=request.user)
        refusal = permissions.history_refusal(scope=scope, directive=directive)
        if refusal:
            reporting.history_refusal_record(user=request.user, directive=directive, reason=refusal)
            error = PermissionRefused(refusal, code="history_refused")
            error.audited = True
            raise error
        timeline = timelines.directive_timeline(
            scope=scope, directive=directive, today=timezone.localdate()
        )
        return Response(rs.TimelineSerializer(timeline).data)


class AuditEventViewSet(ApiViewSet):
    """Nhật ký kiểm tra (Văn phòng Tỉnh ủy và cán bộ kiểm tra)."""

    schema_tags = ["Báo cáo"]
    serializer_class = rs.AuditEventSerializer

    @extend_schema(summary="Nhật ký kiểm tra", parameters=[rs.AuditEventFilterInput])
    def list(self, request):
        if not user_sees_everything(user=request.user):
            raise PermissionRefused(
                _("Chỉ Văn phòng Tỉnh ủy và cán bộ kiểm tra được xem nhật ký."),
                code="audit_refused",
            )
        f = self.query(rs.AuditEventFilterInput)
        qs = AuditEvent.objects.all().order_by("chain", "seq")
        for name, lookup in (
            ("notice", "notice_id"),
            ("directive", "directive_id"),
            ("event_type", "event_type"),
            ("actor", "actor_username"),
            ("since", "occurred_at__gte"),
            ("until", "occurred_at__lte"),
        ):
            if f.get(name) is not None:
                qs = qs.filter(**{lookup: f[name]})
        return self.page(qs, rs.AuditEventSerializer)


FILE_RESPONSES = {
    (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX"),
    (200, PDF_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
}


class ExportViewSet(AnyAcceptMixin, ApiViewSet):
    """Báo cáo tiến độ chính thức (XLSX, PDF), ghi vào nhật ký; báo cáo lớn lập ở tiến trình nền."""

    # A report of at most settings.EXPORT_INLINE_MAX_ROWS rows is the answer itself (200); a
    # larger one is built by a worker: 202 with the job (Location: its address), whose
    # download_url gives the file once done. Jobs are their owner's only (404 for anyone else);
    # the download checks the owner's *current* scope, as the web page does.

    schema_tags = ["Báo cáo"]
    pagination_class = None

    @extend_schema(
        summary="Xuất báo cáo tiến độ (XLSX hoặc PDF) theo bộ lọc",
        description=(
            "Báo cáo nhỏ: trả tệp ngay (200). Báo cáo lớn (nhiều hơn EXPORT_INLINE_MAX_ROWS "
            "dòng): 202 kèm lượt xuất đang lập; tiêu đề Location là địa chỉ theo dõi lượt "
            "xuất, tải tệp ở download_url khi status là done."
        ),
        request=rs.ExportInput,
        responses={
            **FILE_RESPONSES,
            (202, "application/json"): OpenApiResponse(
                rs.ExportJobSerializer, description="Báo cáo lớn: đang lập ở tiến trình nền."
            ),
        },
        examples=[
            OpenApiExample(
                "Báo cáo của một thông báo",
                value={"format": "xlsx", "notice": 1, "status": "open_overdue"},
                request_only=True,
            )
        ],
    )
    def create(self, request):
        data = self.validated(rs.ExportInput)
        filters, fmt = report_filters(data), data["format"]
        count = reporting.export_rows_count(user=request.user, filters=filters)
        if count > settings.EXPORT_INLINE_MAX_ROWS:  # built by a worker
            job = jobs.export_job_create(
                user=request.user, filters=filters, fmt=fmt, rows_total=count
            )
            response = Response(
                rs.ExportJobSerializer(job).data,
                status=202,
                content_type="application/json",
            )
            response["Location"] = reverse("api:report-export-detail", kwargs={"pk": job.pk})
            response["Cache-Control"] = "no-store"
            return response
        export = reporting.report_export(user=request.user, filters=filters, fmt=fmt)
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = (
            f"attachment; filename=\"{export.filename}\"; filename*=UTF-8''{quote(export.filename)}"
        )
        response["X-Content-SHA256"] = export.sha256
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary="Tình trạng một lượt xuất báo cáo lớn (chỉ người yêu cầu)",
        description="Tiến độ lập (rows_done/rows_total); khi xong, download_url là địa chỉ tải.",
        responses={(200, "application/json"): rs.ExportJobSerializer},
    )
    def retrieve(self, request, pk=None):
        job = jobs.export_job_of(user=request.user, job_id=pk)
        response = Response(rs.ExportJobSerializer(job).data, content_type="application/json")
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary="Tải tệp của lượt xuất đã lập xong (chỉ người yêu cầu, theo phạm vi hiện tại)",
        description=(
            "Chỉ người yêu cầu tải được, trong thời hạn giữ tệp, và khi phạm vi báo cáo hiện "
            "tại của họ vẫn bao trùm phạm vi lúc xuất (nếu không: 403, ghi vào nhật ký)."
        ),
        responses={
            **FILE_RESPONSES,
            409: OpenApiResponse(
                ErrorSerializer,
                description="Chưa lập xong (export_not_ready) hoặc tệp đã hết hạn "
                "(export_expired).",
            ),
        },
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        return file_response(jobs.export_job_download(user=request.user, job_id=pk))
