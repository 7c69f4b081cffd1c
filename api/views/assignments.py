"""Assignments (one lead agency's share of a directive) with their process: read, edit the
draft, and the side paths of a published one (extension request, reassign, cancel)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from api import selectors as api_selectors
from api.actions import act, lock_rows, require_version
from api.serializers import notices as ns
from api.serializers import workflow as ws
from api.serializers.filters import AssignmentFilterInput
from api.views.base import ApiViewSet, with_version
from api.views.tasks import CHANGE_HEADERS, IF_MATCH
from project.exceptions import InvalidInput, StateConflict
from reports.status import Status, with_status
from tasks_app import services as notice_services
from tasks_app.models import Assignment
from workflows import services as workflow_services
from workflows.models import DirectiveProcess
from workflows.permissions import reassign_agency


class AssignmentViewSet(ApiViewSet):
    """Phân công (mỗi cơ quan chủ trì một phần) và quy trình thực hiện của nó."""

    schema_tags = ["Phân công"]
    serializer_class = ws.AssignmentSerializer

    def get_queryset(self):
        return (
            api_selectors.assignments_visible_to(user=self.request.user)
            .select_related("directive__notice", "lead", "lead_group", "via_group")
            .order_by(
                "-directive__notice__date", "directive__notice__number", "directive__position", "pk"
            )
        )

    def one(self, assignment, status: int = 200) -> Response:
        assignment = Assignment.objects.select_related("directive__notice").get(pk=assignment.pk)
        data = ws.AssignmentDetailSerializer(assignment, context={"request": self.request}).data
        return with_version(data, ws.assignment_version(assignment), status=status)

    @extend_schema(
        summary="Các phân công người gọi được xem, có lọc", parameters=[AssignmentFilterInput]
    )
    def list(self, request):
        f = self.query(AssignmentFilterInput)
        qs = self.get_queryset()
        if f.get("notice"):
            qs = qs.filter(directive__notice_id=f["notice"])
        if f.get("directive"):
            qs = qs.filter(directive_id=f["directive"])
        if f.get("agency"):
            qs = qs.filter(lead__code=f["agency"])
        today = timezone.localdate()
        processes = with_status(DirectiveProcess.objects.all(), today=today)
        if f.get("status"):
            qs = qs.filter(
                pk__in=processes.filter(report_status=f["status"]).values("assignment_id")
            )
        if f.get("overdue") is not None:
            overdue = processes.filter(report_status=Status.OPEN_OVERDUE).values("assignment_id")
            qs = qs.filter(pk__in=overdue) if f["overdue"] else qs.exclude(pk__in=overdue)
        if f.get("due_from"):
            qs = qs.filter(workflow_process__due_date__gte=f["due_from"])
        if f.get("due_to"):
            qs = qs.filter(workflow_process__due_date__lte=f["due_to"])
        return self.page(qs, ws.AssignmentSerializer)

    @extend_schema(
        summary="Một phân công, với quy trình: các bước, báo cáo, ý kiến phối hợp, họp, gia hạn",
        responses=ws.AssignmentDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        return self.one(self.visible(self.get_queryset(), pk))

    def _edit(self, request, assignment, perform, *, idempotent=False, required=True):
        def precondition():
            now = Assignment.objects.get(pk=assignment.pk)
            require_version(request, etag=ws.assignment_version(now), required=required)

        def current():
            response = self.one(assignment)
            return response.data, response["ETag"]

        def lock():
            lock_rows(Assignment.objects.filter(pk=assignment.pk))
            lock_rows(DirectiveProcess.objects.filter(assignment_id=assignment.pk))

        return act(
            request,
            perform,
            lock=lock,
            precondition=precondition,
            current=current,
            idempotent=idempotent,
        )

    @extend_schema(
        summary="Sửa phân công của bản nháp (Văn phòng Tỉnh ủy)",
        request=ns.AssignmentPatchInput,
        responses=ws.AssignmentDetailSerializer,
        parameters=[IF_MATCH],
    )
    def partial_update(self, request, pk=None):
        assignment = self.visible(self.get_queryset(), pk)
        data = self.validated(ns.AssignmentPatchInput)

        def perform():
            now = Assignment.objects.get(pk=assignment.pk)
            notice_services.assignment_save(
                directive=now.directive,
                assignment=now,
                by=request.user,
                lead_code=data.get("lead", now.lead.code if now.lead_id else now.lead_group.code),
                coordinator_codes=data.get(
                    "coordinators", list(now.coordinators.values_list("code", flat=True))
                ),
                due_date=data.get("due_date", now.due_date),
                due_working_days=data.get("due_working_days", now.due_working_days),
                recurrence=data.get("recurrence", now.recurrence),
            )
            return self.one(assignment)

        return self._edit(request, assignment, perform)

    @extend_schema(
        summary="Xóa phân công của bản nháp (Văn phòng Tỉnh ủy)",
        request=None,
        responses={204: None},
        parameters=[IF_MATCH],
    )
    def destroy(self, request, pk=None):
        assignment = self.visible(self.get_queryset(), pk)

        def perform():
            notice_services.assignment_delete(
                assignment=Assignment.objects.get(pk=assignment.pk), by=request.user
            )
            return Response(status=204)

        return self._edit(request, assignment, perform)

    def _process(self, assignment) -> DirectiveProcess:
        process = DirectiveProcess.objects.filter(assignment=assignment).first()
        if process is None:
            raise StateConflict(_("Phân công này chưa được ban hành nên chưa có quy trình."))
        return process

    @extend_schema(
        summary="Đề nghị gia hạn (lãnh đạo cơ quan chủ trì)",
        request=ws.ExtensionRequestInput,
        responses={201: ws.ExtensionSerializer},
        parameters=CHANGE_HEADERS,
        examples=[
            OpenApiExample(
                "Gia hạn",
                value={"due_date": "2024-03-31", "reason": "Chờ số liệu của các huyện."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="extension-request")
    def extension_request(self, request, pk=None):
        assignment = self.visible(self.get_queryset(), pk)
        data = self.validated(ws.ExtensionRequestInput)

        def perform():
            extension = workflow_services.extension_request(
                process=self._process(assignment),
                by=request.user,
                due_date=data["due_date"],
                reason=data["reason"],
            )
            return Response(ws.ExtensionSerializer(extension).data, status=201)

        return self._edit(request, assignment, perform, idempotent=True, required=False)

    @extend_schema(
        summary="Đổi chuyên viên phụ trách (lãnh đạo cơ quan)",
        request=ws.ReassignInput,
        responses=ws.AssignmentDetailSerializer,
        parameters=CHANGE_HEADERS,
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        assignment = self.visible(self.get_queryset(), pk)
        data = self.validated(ws.ReassignInput)

        def perform():
            process = self._process(assignment)
            agency = None
            if data.get("agency"):
                agency = process.assignment.coordinators.filter(code=data["agency"]).first()
                if agency is None and process.lead.code == data["agency"]:
                    agency = process.lead
                if agency is None:
                    raise InvalidInput(
                        _("Cơ quan này không tham gia nhiệm vụ."),
                        fields={"agency": [_("Không hợp lệ.")]},
                    )
            agency = agency or reassign_agency(user=request.user, process=process) or process.lead
            workflow_services.process_officer_reassign(
                process=process, by=request.user, officer=data["officer"], agency=agency
            )
            return self.one(assignment)

        return self._edit(request, assignment, perform, idempotent=True, required=False)

    @extend_schema(
        summary="Hủy nhiệm vụ của một cơ quan chủ trì (Văn phòng Tỉnh ủy)",
        request=ws.CancelInput,
        responses=ws.AssignmentDetailSerializer,
        parameters=CHANGE_HEADERS,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        assignment = self.visible(self.get_queryset(), pk)
        data = self.validated(ws.CancelInput)

        def perform():
            workflow_services.process_cancel(
                process=self._process(assignment), by=request.user, reason=data["reason"]
            )
            return self.one(assignment)

        return self._edit(request, assignment, perform, idempotent=True, required=False)
