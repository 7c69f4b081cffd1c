"""Assignments with their process, tasks and step inputs, extension requests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from viewflow.workflow.status import STATUS

from api.actions import etag_of
from api.serializers.common import (
    AgencyRefSerializer,
    AttachmentSerializer,
    GroupRefSerializer,
    UserRefSerializer,
)
from api.serializers.fields import StrictBooleanField, StrictCharField
from reports.status import Status, closed_on, status_of
from tasks_app.models import Agency, Recurrence
from workflows import permissions, selectors
from workflows.attachments import MAX_ATTACHMENTS
from workflows.models import ActorRole, DirectiveProcess, ExtensionDecision, ExtensionProcess

#: The API action of each human step (``POST /api/v1/tasks/{id}/<action>/``).
STEP_ACTIONS = {
    "accept": "accept",
    "coordinate_assign": "coordination-assign",
    "coordinate": "contribution",
    "meeting": "meeting",
    "report": "report",
    "approve": "approve",
    "verify": "verify",
    "decide": "extension-decision",
}
TASK_STATUSES = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.DONE, STATUS.CANCELED]


def task_version(task) -> str:
    return etag_of(
        "task", task.pk, task.status, task.owner_id, task.assigned, task.finished, task.due_date
    )


def report_status(process: DirectiveProcess) -> str:
    return status_of(
        outcome=process.outcome,
        due_date=process.due_date,
        closed_date=closed_on(process.closed_at),
        today=timezone.localdate(),
    ).value


class DirectiveRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    notice_id = serializers.IntegerField()
    notice_number = serializers.CharField(source="notice.number")


class TaskSerializer(serializers.Serializer):
    """One step of a process: who may do it, its state, and what the caller may do with it."""

    id = serializers.IntegerField()
    step = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    process_id = serializers.IntegerField()
    assignment_id = serializers.SerializerMethodField()
    extension_id = serializers.SerializerMethodField()
    agency = AgencyRefSerializer(allow_null=True)
    actor_role = serializers.ChoiceField(choices=[("", ""), *ActorRole.choices])
    status = serializers.ChoiceField(choices=TASK_STATUSES)
    owner = UserRefSerializer(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    created = serializers.DateTimeField()
    assigned = serializers.DateTimeField(allow_null=True)
    finished = serializers.DateTimeField(allow_null=True)
    version = serializers.SerializerMethodField(help_text="Gửi lại trong tiêu đề If-Match.")
    actions = serializers.SerializerMethodField(
        help_text="Các thao tác người gọi được làm với việc này (claim, release, accept…)."
    )

    def get_step(self, task) -> str:
        return task.flow_task.name if task.flow_task else ""

    def get_title(self, task) -> str:
        return str(task.flow_task.task_title or task.flow_task.name) if task.flow_task else ""

    def _process(self, task):
        return task.process.coerced

    def get_assignment_id(self, task) -> int | None:
        process = self._process(task)
        if isinstance(process, DirectiveProcess):
            return process.assignment_id
        if isinstance(process, ExtensionProcess):
            return process.directive_process.assignment_id
        return None

    def get_extension_id(self, task) -> int | None:
        process = self._process(task)
        return process.pk if isinstance(process, ExtensionProcess) else None

    def get_version(self, task) -> str:
        return task_version(task)

    def get_actions(self, task) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        actions = []
        if permissions.user_can_claim(user=user, task=task):
            actions.append("claim")
        if permissions.user_can_unassign(user=user, task=task):
            actions.append("release")
        step = STEP_ACTIONS.get(self.get_step(task))
        if step and (
            permissions.user_can_execute(user=user, task=task)
            or permissions.user_can_claim(user=user, task=task)
        ):
            actions.append(step)
        return actions


class PeriodSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    due_date = serializers.DateField()
    closed_at = serializers.DateTimeField(allow_null=True)


class ReviewSerializer(serializers.Serializer):
    stage = serializers.CharField()
    decision = serializers.CharField()
    reason = serializers.CharField()
    closes_process = serializers.BooleanField()
    decided_by = UserRefSerializer(allow_null=True)
    decided_at = serializers.DateTimeField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period.number", allow_null=True, default=None)
    text = serializers.CharField()
    submitted_by = UserRefSerializer(allow_null=True)
    submitted_at = serializers.DateTimeField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")
    reviews = ReviewSerializer(many=True, source="reviews.all")


class ContributionSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    officer = UserRefSerializer(allow_null=True)
    text = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    attachments = AttachmentSerializer(many=True, source="attachments.all")


class MeetingSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField()
    agencies = AgencyRefSerializer(many=True, source="agencies.all")
    other_participants = serializers.CharField()
    minutes = serializers.CharField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")


class ExtensionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assignment_id = serializers.IntegerField(source="directive_process.assignment_id")
    requested_by = UserRefSerializer(allow_null=True)
    requested_at = serializers.DateTimeField(source="created")
    previous_due_date = serializers.DateField(allow_null=True)
    proposed_due_date = serializers.DateField()
    reason = serializers.CharField()
    decision = serializers.ChoiceField(choices=ExtensionDecision.choices)
    decision_reason = serializers.CharField()
    decided_by = UserRefSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)


class ProcessSerializer(serializers.Serializer):
    """How a published assignment is being carried out."""

    id = serializers.IntegerField()
    outcome = serializers.CharField()
    status = serializers.SerializerMethodField(help_text="Trạng thái theo hai trục báo cáo.")
    due_date = serializers.DateField(allow_null=True)
    original_due_date = serializers.DateField(allow_null=True)
    officer = UserRefSerializer(allow_null=True)
    plan = serializers.CharField()
    meeting_required = serializers.BooleanField()
    started_at = serializers.DateTimeField(source="created")
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_by = UserRefSerializer(allow_null=True)
    outcome_reason = serializers.CharField()
    open_tasks = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, process) -> str:
        return report_status(process)

    @extend_schema_field(TaskSerializer(many=True))
    def get_open_tasks(self, process):
        tasks = selectors.process_open_human_tasks(process=process).select_related(
            "agency", "owner", "process"
        )
        return TaskSerializer(tasks.order_by("created", "pk"), many=True, context=self.context).data


class ProcessDetailSerializer(ProcessSerializer):
    tasks = serializers.SerializerMethodField()
    periods = PeriodSerializer(many=True, source="periods.all")
    reports = serializers.SerializerMethodField()
    contributions = serializers.SerializerMethodField()
    meeting = serializers.SerializerMethodField()
    extensions = serializers.SerializerMethodField()

    @extend_schema_field(TaskSerializer(many=True))
    def get_tasks(self, process):
        tasks = selectors.process_tasks(process=process).filter(flow_task_type="HUMAN")
        return TaskSerializer(tasks, many=True, context=self.context).data

    @extend_schema_field(ReportSerializer(many=True))
    def get_reports(self, process):
        return ReportSerializer(selectors.process_reports(process=process), many=True).data

    @extend_schema_field(ContributionSerializer(many=True))
    def get_contributions(self, process):
        return ContributionSerializer(
            selectors.process_contributions(process=process), many=True
        ).data

    @extend_schema_field(MeetingSerializer(allow_null=True))
    def get_meeting(self, process):
        meeting = selectors.process_meeting(process=process)
        return MeetingSerializer(meeting).data if meeting else None

    @extend_schema_field(ExtensionSerializer(many=True))
    def get_extensions(self, process):
        return ExtensionSerializer(process.extensions.order_by("created", "pk"), many=True).data


class AssignmentSerializer(serializers.Serializer):
    """One lead agency's share of a directive, and (once published) its process."""

    id = serializers.IntegerField()
    directive = DirectiveRefSerializer()
    lead = AgencyRefSerializer(allow_null=True)
    lead_group = GroupRefSerializer(allow_null=True)
    via_group = GroupRefSerializer(allow_null=True)
    coordinators = AgencyRefSerializer(many=True, source="coordinators.all")
    due_date = serializers.DateField(allow_null=True)
    due_working_days = serializers.IntegerField(allow_null=True)
    recurrence = serializers.ChoiceField(choices=[("", ""), *Recurrence.choices])
    version = serializers.SerializerMethodField(help_text="Gửi lại trong tiêu đề If-Match.")
    process = serializers.SerializerMethodField()

    process_serializer = ProcessSerializer

    def get_version(self, assignment) -> str:
        return assignment_version(assignment)

    @extend_schema_field(ProcessSerializer(allow_null=True))
    def get_process(self, assignment):
        process = DirectiveProcess.objects.filter(assignment=assignment).first()
        if process is None:
            return None
        return self.process_serializer(process, context=self.context).data


class AssignmentDetailSerializer(AssignmentSerializer):
    process_serializer = ProcessDetailSerializer

    @extend_schema_field(ProcessDetailSerializer(allow_null=True))
    def get_process(self, assignment):
        return super().get_process(assignment)


def assignment_version(assignment) -> str:
    return etag_of(
        "assignment",
        assignment.pk,
        assignment.lead_id,
        assignment.lead_group_id,
        sorted(assignment.coordinators.values_list("pk", flat=True)),
        assignment.due_date,
        assignment.due_working_days,
        assignment.recurrence,
        DirectiveProcess.objects.filter(assignment=assignment)
        .values_list("outcome", "due_date", "officer_id")
        .first(),
    )


# --- inputs of the step actions -----------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class OfficerField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)

    def get_queryset(self):
        return get_user_model().objects.filter(is_active=True)


class FilesField(serializers.ListField):
    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.FileField(allow_empty_file=True))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_ATTACHMENTS)
        kwargs.setdefault("help_text", "Tệp đính kèm (multipart/form-data).")
        super().__init__(**kwargs)


class AcceptInput(serializers.Serializer):
    officer = OfficerField(help_text="Mã (id) chuyên viên phụ trách của cơ quan chủ trì.")
    plan = StrictCharField(max_length=10000, help_text="Kế hoạch thực hiện.")
    meeting_required = StrictBooleanField(default=False)


class CoordinationAssignInput(serializers.Serializer):
    officer = OfficerField(help_text="Mã (id) chuyên viên phụ trách phối hợp.")


class SubmissionInput(serializers.Serializer):
    text = StrictCharField(max_length=50000)
    files = FilesField()


class MeetingInput(serializers.Serializer):
    held_on = serializers.DateField()
    place = StrictCharField(max_length=255)
    minutes = StrictCharField(max_length=50000)
    agencies = serializers.ListField(
        child=StrictCharField(max_length=32), required=False, help_text="Mã cơ quan."
    )
    other_participants = StrictCharField(required=False, allow_blank=True, default="")
    files = FilesField()

    def validate_agencies(self, codes):
        agencies = list(Agency.objects.filter(code__in=codes, is_active=True))
        unknown = sorted(set(codes) - {a.code for a in agencies})
        if unknown:
            raise serializers.ValidationError(
                _("Mã cơ quan không có trong danh mục: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return agencies


class ApproveInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "Đồng ý"), ("return", "Trả lại")])
    reason = StrictCharField(required=False, allow_blank=True, default="", max_length=10000)


class VerifyInput(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[
            ("close", "Chấp nhận và kết thúc"),
            ("next", "Chấp nhận kỳ này, mở kỳ sau (nhiệm vụ định kỳ)"),
            ("return", "Trả lại cơ quan chủ trì"),
        ]
    )
    reason = StrictCharField(required=False, allow_blank=True, default="", max_length=10000)


class ExtensionDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "Đồng ý"), ("reject", "Không đồng ý")])
    reason = StrictCharField(required=False, allow_blank=True, default="", max_length=10000)


class ExtensionRequestInput(serializers.Serializer):
    due_date = serializers.DateField(help_text="Hạn đề nghị.")
    reason = StrictCharField(max_length=10000)


class ReassignInput(serializers.Serializer):
    officer = OfficerField()
    agency = StrictCharField(
        required=False,
        max_length=32,
        help_text="Mã cơ quan (mặc định: cơ quan chủ trì, hoặc cơ quan phối hợp do người gọi "
        "lãnh đạo).",
    )


class CancelInput(serializers.Serializer):
    reason = StrictCharField(max_length=10000)
