"""Tasks: my tasks, my agency's queue, one task; claim, release and each step's action."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from api.actions import act, lock_rows, require_version
from api.serializers import workflow as s
from api.views.base import ApiViewSet, with_version
from project.exceptions import StateConflict
from workflows import selectors, services
from workflows.models import DirectiveProcess, ExtensionProcess, WorkflowTask

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Phiên bản (ETag/version) đã đọc; khác phiên bản hiện tại thì trả 412.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Khóa do máy khách tạo (ví dụ UUID): gửi lại cùng khóa thì chỉ thực hiện một lần.",
)
CHANGE_HEADERS = [IF_MATCH, IDEMPOTENCY_KEY]
#: Steps that take attached files: multipart/form-data (or JSON without files).
WITH_FILES = [MultiPartParser, JSONParser]


def task_lock(task: WorkflowTask) -> None:
    """The process rows a step of ``task`` changes, in the services' lock order."""
    process = task.process.coerced
    if isinstance(process, ExtensionProcess):
        lock_rows(
            DirectiveProcess.objects.filter(pk=process.directive_process_id),
            ExtensionProcess.objects.filter(pk=process.pk),
        )
    else:
        lock_rows(DirectiveProcess.objects.filter(pk=process.pk))


def human_tasks():
    return WorkflowTask.objects.filter(flow_task_type="HUMAN").select_related(
        "agency", "owner", "process"
    )


class TaskViewSet(ApiViewSet):
    """Việc (bước xử lý) của người gọi và của cơ quan."""

    schema_tags = ["Việc"]
    serializer_class = s.TaskSerializer

    def get_queryset(self):
        visible = selectors.tasks_visible_to(user=self.request.user).values("pk")
        return human_tasks().filter(pk__in=visible).order_by("-created", "-pk")

    def task_data(self, task) -> dict:
        return s.TaskSerializer(task, context={"request": self.request}).data

    @extend_schema(summary="Việc được giao cho tôi (chưa xong)")
    def list(self, request):
        tasks = selectors.tasks_inbox(user=request.user).order_by("due_date", "-created", "-pk")
        return self.page(tasks, s.TaskSerializer)

    @extend_schema(
        summary="Việc chờ nhận của cơ quan tôi (theo vai trò)",
        responses=s.TaskSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def queue(self, request):
        tasks = selectors.tasks_queue(user=request.user).order_by("due_date", "-created", "-pk")
        return self.page(tasks, s.TaskSerializer)

    @extend_schema(summary="Một việc")
    def retrieve(self, request, pk=None):
        task = self.visible(self.get_queryset(), pk)
        return with_version(self.task_data(task), s.task_version(task))

    # --- actions ----------------------------------------------------------------------------

    def _act(
        self,
        pk,
        service: Callable,
        input_class=None,
        kwargs: Callable[[dict], dict] | None = None,
    ):
        """Look the task up (404 if hidden), validate the input, then act (see ``act``)."""
        task = self.visible(self.get_queryset(), pk)
        values = self.validated(input_class) if input_class else {}
        state = {}

        def precondition():
            state["task"] = human_tasks().get(pk=task.pk)
            require_version(self.request, etag=s.task_version(state["task"]), required=False)

        def perform():
            service(
                task=state["task"], by=self.request.user, **(kwargs(values) if kwargs else values)
            )
            done = human_tasks().get(pk=task.pk)
            return with_version(self.task_data(done), s.task_version(done))

        def current():
            now = human_tasks().get(pk=task.pk)
            return self.task_data(now), s.task_version(now)

        return act(
            self.request,
            perform,
            lock=lambda: task_lock(task),
            precondition=precondition,
            current=current,
        )

    @extend_schema(summary="Nhận việc từ hàng đợi", request=None, parameters=CHANGE_HEADERS)
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        return self._act(pk, services.task_claim)

    @extend_schema(
        summary="Trả việc về hàng đợi (người nhận trả, hoặc lãnh đạo thu hồi khi người nhận "
        "không còn giữ vai trò)",
        request=None,
        parameters=CHANGE_HEADERS,
    )
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        task = self.visible(self.get_queryset(), pk)
        service = (
            services.task_release if task.owner_id == request.user.pk else services.task_reclaim
        )
        return self._act(pk, service)

    @extend_schema(
        summary="Tiếp nhận, phân công (lãnh đạo cơ quan chủ trì)",
        request=s.AcceptInput,
        parameters=CHANGE_HEADERS,
        examples=[
            OpenApiExample(
                "Tiếp nhận",
                value={
                    "officer": 12,
                    "plan": "Xây dựng kế hoạch, tổ chức hội nghị quán triệt trong tháng 7.",
                    "meeting_required": True,
                },
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(pk, services.task_accept, s.AcceptInput)

    @extend_schema(
        summary="Phân công chuyên viên phối hợp (lãnh đạo cơ quan phối hợp)",
        request=s.CoordinationAssignInput,
        parameters=CHANGE_HEADERS,
    )
    @action(detail=True, methods=["post"], url_path="coordination-assign")
    def coordination_assign(self, request, pk=None):
        return self._act(pk, services.task_coordination_assign, s.CoordinationAssignInput)

    @extend_schema(
        summary="Gửi ý kiến phối hợp (chuyên viên cơ quan phối hợp)",
        request={"multipart/form-data": s.SubmissionInput, "application/json": s.SubmissionInput},
        parameters=CHANGE_HEADERS,
        examples=[
            OpenApiExample(
                "Ý kiến phối hợp",
                value={
                    "text": "Liên đoàn Lao động tỉnh thống nhất nội dung, cử 02 cán bộ tham gia."
                },
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], parser_classes=WITH_FILES)
    def contribution(self, request, pk=None):
        return self._act(pk, services.task_contribution_submit, s.SubmissionInput)

    @extend_schema(
        summary="Ghi kết quả họp liên ngành (chuyên viên cơ quan chủ trì)",
        request={"multipart/form-data": s.MeetingInput, "application/json": s.MeetingInput},
        parameters=CHANGE_HEADERS,
    )
    @action(detail=True, methods=["post"], parser_classes=WITH_FILES)
    def meeting(self, request, pk=None):
        return self._act(pk, services.task_meeting_record, s.MeetingInput)

    @extend_schema(
        summary="Báo cáo kết quả thực hiện (chuyên viên cơ quan chủ trì)",
        request={"multipart/form-data": s.SubmissionInput, "application/json": s.SubmissionInput},
        parameters=CHANGE_HEADERS,
        examples=[
            OpenApiExample(
                "Báo cáo",
                value={"text": "Đã tổ chức 05 hội nghị đối thoại với chủ doanh nghiệp."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], parser_classes=WITH_FILES)
    def report(self, request, pk=None):
        return self._act(pk, services.task_report_submit, s.SubmissionInput)

    @extend_schema(
        summary="Duyệt báo cáo (lãnh đạo cơ quan chủ trì)",
        request=s.ApproveInput,
        parameters=CHANGE_HEADERS,
        examples=[
            OpenApiExample(
                "Trả lại",
                value={"decision": "return", "reason": "Bổ sung số liệu quý II."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(
            pk,
            services.task_approve,
            s.ApproveInput,
            lambda v: {"approved": v["decision"] == "approve", "reason": v["reason"]},
        )

    @extend_schema(
        summary="Thẩm định kết quả (Văn phòng Tỉnh ủy)",
        request=s.VerifyInput,
        parameters=CHANGE_HEADERS,
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._act(
            pk,
            services.task_verify,
            s.VerifyInput,
            lambda v: {
                "accepted": v["decision"] != "return",
                "reason": v["reason"],
                "close": v["decision"] == "close",
            },
        )

    @extend_schema(
        summary="Quyết định gia hạn (Văn phòng Tỉnh ủy)",
        request=s.ExtensionDecisionInput,
        parameters=CHANGE_HEADERS,
    )
    @action(detail=True, methods=["post"], url_path="extension-decision")
    def extension_decision(self, request, pk=None):
        return self._act(
            pk,
            services.task_extension_decide,
            s.ExtensionDecisionInput,
            lambda v: {"approved": v["decision"] == "approve", "reason": v["reason"]},
        )


class ExtensionViewSet(ApiViewSet):
    """Đề nghị gia hạn: xem, và Văn phòng quyết định."""

    schema_tags = ["Gia hạn"]
    serializer_class = s.ExtensionSerializer

    def get_queryset(self):
        return (
            selectors.extensions_visible_to(user=self.request.user)
            .select_related("requested_by", "decided_by", "directive_process")
            .order_by("-created", "-pk")
        )

    @extend_schema(summary="Các đề nghị gia hạn người gọi được xem")
    def list(self, request):
        return self.page(self.get_queryset(), s.ExtensionSerializer)

    @extend_schema(summary="Một đề nghị gia hạn")
    def retrieve(self, request, pk=None):
        return Response(s.ExtensionSerializer(self.visible(self.get_queryset(), pk)).data)

    @extend_schema(
        summary="Quyết định đề nghị gia hạn (Văn phòng Tỉnh ủy)",
        request=s.ExtensionDecisionInput,
        responses=s.ExtensionSerializer,
        parameters=[IDEMPOTENCY_KEY],
        examples=[
            OpenApiExample(
                "Đồng ý",
                value={"decision": "approve", "reason": ""},
                request_only=True,
            ),
            OpenApiExample(
                "Không đồng ý",
                value={"decision": "reject", "reason": "Đã gia hạn một lần."},
                request_only=True,
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        extension = self.visible(self.get_queryset(), pk)
        data = self.validated(s.ExtensionDecisionInput)

        def perform():
            task = selectors.process_open_human_tasks(process=extension).first()
            if task is None:
                raise StateConflict(_("Đề nghị gia hạn này đã được xem xét."))
            services.task_extension_decide(
                task=task,
                by=request.user,
                approved=data["decision"] == "approve",
                reason=data["reason"],
            )
            extension.refresh_from_db()
            return Response(s.ExtensionSerializer(extension).data)

        def lock():
            lock_rows(
                DirectiveProcess.objects.filter(pk=extension.directive_process_id),
                ExtensionProcess.objects.filter(pk=extension.pk),
            )

        return act(request, perform, lock=lock)
