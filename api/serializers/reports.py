"""Statistics, the completion history (timeline), audit events, report exports."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import StrictCharField, StrictIntegerField
from notifications_app.models import ReportExportStatus
from reports.selectors.filters import DateBasis
from reports.services import ExportFormat
from reports.status import Status

TIMELINE_KINDS = ["event", "deadline", "closure"]


class ReportFilterInput(serializers.Serializer):
    notice = serializers.IntegerField(required=False, min_value=1, help_text="Mã (id) thông báo.")
    agency = serializers.CharField(required=False, max_length=32, help_text="Mã cơ quan chủ trì.")
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    date_basis = serializers.ChoiceField(
        choices=[(DateBasis.DUE, "Hạn hoàn thành"), (DateBasis.PUBLISHED, "Ngày ban hành")],
        required=False,
        default=DateBasis.DUE,
    )
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def validate(self, data):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise serializers.ValidationError({"date_to": _("Ngày kết thúc trước ngày bắt đầu.")})
        return data


class ExportInput(ReportFilterInput):
    format = serializers.ChoiceField(
        choices=[(ExportFormat.XLSX, "Excel (XLSX)"), (ExportFormat.PDF, "PDF")]
    )
    notice = StrictIntegerField(required=False, min_value=1, help_text="Mã (id) thông báo.")
    agency = StrictCharField(required=False, max_length=32, help_text="Mã cơ quan chủ trì.")


class ExportJobSerializer(serializers.Serializer):
    """A large export being built by a worker (``202`` of the export, then its own address)."""

    id = serializers.IntegerField(source="pk")
    format = serializers.ChoiceField(
        choices=[(ExportFormat.XLSX, "Excel (XLSX)"), (ExportFormat.PDF, "PDF")]
    )
    status = serializers.ChoiceField(
        choices=ReportExportStatus.choices,
        help_text="queued, running: đang lập; done: tải về ở download_url; failed: xem error; "
        "expired: tệp đã bị xóa sau thời hạn giữ.",
    )
    status_label = serializers.CharField(source="get_status_display")
    rows_done = serializers.IntegerField()
    rows_total = serializers.IntegerField()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    error = serializers.CharField()
    filename = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.SerializerMethodField(
        help_text="Địa chỉ tải tệp (khi status là done), nếu không thì null."
    )

    def get_download_url(self, job) -> str | None:
        if job.status != ReportExportStatus.DONE:
            return None
        return reverse("api:report-export-download", kwargs={"pk": job.pk})


class CountsSerializer(serializers.Serializer):
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    open_within = serializers.IntegerField()
    open_overdue = serializers.IntegerField()
    no_deadline = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    counted = serializers.IntegerField()
    done = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    completion_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)


class GroupCountsSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="key")
    label = serializers.CharField()
    detail = serializers.CharField()
    counts = CountsSerializer()


class StatisticsSerializer(serializers.Serializer):
    today = serializers.DateField()
    counts = CountsSerializer()
    by_agency = GroupCountsSerializer(many=True)
    by_notice = GroupCountsSerializer(many=True)


def counts_data(counts) -> dict:
    return {
        **{status.value: counts[status] for status in Status},
        "counted": counts.counted,
        "done": counts.done,
        "open": counts.open,
        "overdue": counts.overdue,
        "completion_rate": counts.completion_rate,
        "on_time_rate": counts.on_time_rate,
    }


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=TIMELINE_KINDS)
    label = serializers.CharField()
    actor = serializers.CharField()
    agency = serializers.CharField()
    subject = serializers.CharField()
    changes = serializers.SerializerMethodField()
    reason = serializers.CharField()
    status = serializers.CharField(allow_null=True)
    detail = serializers.CharField()
    date_only = serializers.BooleanField()

    def get_changes(self, entry) -> list[dict[str, str]]:
        return [
            {"field": str(field), "before": str(before), "after": str(after)}
            for field, before, after in entry.changes
        ]


class ProcessHistorySerializer(serializers.Serializer):
    assignment_id = serializers.IntegerField(source="process.assignment_id")
    lead = serializers.CharField(source="process.lead.code")
    status = serializers.CharField()
    due_date = serializers.DateField(source="process.due_date", allow_null=True)
    closed_date = serializers.DateField(allow_null=True)
    days_overdue = serializers.IntegerField(allow_null=True)


class TimelineSerializer(serializers.Serializer):
    directive_id = serializers.IntegerField(source="directive.pk")
    processes = ProcessHistorySerializer(many=True)
    entries = TimelineEntrySerializer(many=True)
    counts = serializers.SerializerMethodField()

    @extend_schema_field(CountsSerializer)
    def get_counts(self, timeline):
        return counts_data(timeline.counts)


class AuditEventFilterInput(serializers.Serializer):
    notice = serializers.IntegerField(required=False, min_value=1)
    directive = serializers.IntegerField(required=False, min_value=1)
    event_type = serializers.CharField(required=False, max_length=40)
    actor = serializers.CharField(required=False, max_length=150, help_text="Tên đăng nhập.")
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)


class AuditEventSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    chain = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_username")
    agency = serializers.CharField(source="agency_code")
    event_type = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    notice_id = serializers.IntegerField(allow_null=True)
    directive_id = serializers.IntegerField(allow_null=True)
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    reason = serializers.CharField()
    hash = serializers.CharField()
