"""Notices (import, create by hand, publish), directives and assignments (with their process)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from api import selectors as api_selectors
from api.actions import act, lock_rows, require_version
from api.serializers import notices as ns
from api.serializers import workflow as ws
from api.serializers.filters import DirectiveFilterInput, NoticeFilterInput
from api.views.base import ApiViewSet, with_version
from api.views.tasks import CHANGE_HEADERS, IDEMPOTENCY_KEY, IF_MATCH
from reports.status import Status, with_status
from tasks_app import services as notice_services
from tasks_app.models import Directive, Notice
from workflows import services as workflow_services
from workflows.selectors import processes_visible_to


class NoticeViewSet(ApiViewSet):
    """Thông báo kết luận: nhập tệp, tạo trực tiếp, xem, ban hành."""

    schema_tags = ["Thông báo"]
    serializer_class = ns.NoticeSerializer

    def get_queryset(self):
        return api_selectors.notices_visible_to(user=self.request.user).order_by(
            "-date", "number", "pk"
        )

    def detail_response(self, notice, status: int = 200) -> Response:
        notice = Notice.objects.get(pk=notice.pk)
        user = self.request.user
        context = {
            "request": self.request,
            "visible_directives": api_selectors.directives_visible_to(user=user),
            "visible_assignments": api_selectors.assignments_visible_to(user=user),
        }
        data = ns.NoticeDetailSerializer(notice, context=context).data
        return with_version(data, ns.notice_version(notice), status=status)

    @extend_schema(summary="Các thông báo người gọi được xem", parameters=[NoticeFilterInput])
    def list(self, request):
        filters = self.query(NoticeFilterInput)
        notices = self.get_queryset()
        if filters.get("status"):
            notices = notices.filter(status=filters["status"])
        return self.page(notices, ns.NoticeSerializer)

    @extend_schema(summary="Một thông báo, với các nhiệm vụ và phân công được xem")
    def retrieve(self, request, pk=None):
        return self.detail_response(self.visible(self.get_queryset(), pk))

    @extend_schema(
        summary="Tạo thông báo (bản nháp) từ dữ liệu nhập tay (Văn phòng Tỉnh ủy)",
        request=ns.NoticeCreateInput,
        responses={201: ns.NoticeDetailSerializer},
        parameters=[IDEMPOTENCY_KEY],
        examples=[
            OpenApiExample(
                "Thông báo kết luận",
                value={
                    "number": "150-TB/TU",
                    "date": "2023-07-12",
                    "issuer": "Tỉnh ủy Tiền Giang",
                    "title": "Kết luận của Ban Thường vụ Tỉnh ủy về công tác dân vận",
                    "signer": "Phạm Thị Mai Tiên",
                    "signer_title": "Chánh Văn phòng",
                    "directives": [
                        {
                            "ref": "1",
                            "text": "Ban Dân vận Tỉnh ủy chủ trì tham mưu sơ kết công tác dân vận.",
                            "assignments": [
                                {
                                    "lead": "BDVTU",
                                    "coordinators": ["MTTQ"],
                                    "due_date": "2023-12-31",
                                }
                            ],
                        }
                    ],
                },
                request_only=True,
            )
        ],
    )
    def create(self, request):
        data = self.validated(ns.NoticeCreateInput)

        def perform():
            notice = notice_services.notice_enter(
                by=request.user,
                data=notice_services.NoticeInput(
                    kind=data["kind"],
                    number=data["number"],
                    date=data["date"],
                    issuer=data["issuer"],
                    title=data["title"],
                    signer=data["signer"],
                    signer_title=data["signer_title"],
                ),
                directives=[
                    notice_services.DirectiveInput(
                        ref=item["ref"],
                        text=item["text"],
                        assignments=[
                            notice_services.AssignmentInput(
                                lead_code=a["lead"],
                                coordinator_codes=a["coordinators"],
                                due_date=a["due_date"],
                                due_working_days=a["due_working_days"],
                                recurrence=a["recurrence"] or "",
                            )
                            for a in item["assignments"]
                        ],
                    )
                    for item in data["directives"]
                ],
            )
            return self.detail_response(notice, status=201)

        return act(request, perform)

    @extend_schema(
        summary="Nhập thông báo từ tệp văn bản (Văn phòng Tỉnh ủy); tạo bản nháp để rà soát",
        request={"multipart/form-data": ns.NoticeImportInput},
        responses={201: ns.NoticeDetailSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        upload = self.validated(ns.NoticeImportInput)["file"]

        def perform():
            upload.seek(0)
            notice = notice_services.notice_import(
                content=upload.read(), filename=upload.name or "", by=request.user
            )
            return self.detail_response(notice, status=201)

        return act(request, perform)

    @extend_schema(
        summary="Ban hành thông báo: mỗi phân công bắt đầu một quy trình (Văn phòng Tỉnh ủy)",
        request=None,
        responses=ns.NoticeDetailSerializer,
        parameters=CHANGE_HEADERS,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        notice = self.visible(self.get_queryset(), pk)

        def precondition():
            require_version(
                request, etag=ns.notice_version(Notice.objects.get(pk=notice.pk)), required=False
            )

        def perform():
            workflow_services.notice_publish(notice=notice, by=request.user)
            return self.detail_response(notice)

        def current():
            return self.detail_response(notice).data, ns.notice_version(notice)

        return act(
            request,
            perform,
            lock=lambda: lock_rows(Notice.objects.filter(pk=notice.pk)),
            precondition=precondition,
            current=current,
        )


def _overdue_directive_ids(processes):
    today = timezone.localdate()
    return (
        with_status(processes, today=today)
        .filter(report_status=Status.OPEN_OVERDUE)
        .values("directive_id")
    )


class DirectiveViewSet(ApiViewSet):
    """Nhiệm vụ: danh sách có lọc, xem, sửa bản nháp, thêm phân công, lịch sử."""

    schema_tags = ["Nhiệm vụ"]
    serializer_class = ns.DirectiveSerializer

    def get_queryset(self):
        return (
            api_selectors.directives_visible_to(user=self.request.user)
            .select_related("notice")
            .order_by("-notice__date", "notice__number", "position", "pk")
        )

    def context(self) -> dict:
        return {
            "request": self.request,
            "visible_assignments": api_selectors.assignments_visible_to(user=self.request.user),
        }

    def one(self, directive, status: int = 200) -> Response:
        directive = Directive.objects.select_related("notice").get(pk=directive.pk)
        data = ns.DirectiveSerializer(directive, context=self.context()).data
        return with_version(data, ns.directive_version(directive), status=status)

    @extend_schema(
        summary="Các nhiệm vụ người gọi được xem, có lọc", parameters=[DirectiveFilterInput]
    )
    def list(self, request):
        f = self.query(DirectiveFilterInput)
        user = request.user
        qs = self.get_queryset()
        processes = processes_visible_to(user=user)
        if f.get("notice"):
            qs = qs.filter(notice_id=f["notice"])
        if f.get("agency"):
            leads = api_selectors.assignments_visible_to(user=user).filter(lead__code=f["agency"])
            qs = qs.filter(pk__in=leads.values("directive_id"))
        if f.get("status"):
            qs = qs.filter(state=f["status"])
        if f.get("overdue") is not None:
            overdue = _overdue_directive_ids(processes)
            qs = qs.filter(pk__in=overdue) if f["overdue"] else qs.exclude(pk__in=overdue)
        if f.get("due_from") or f.get("due_to"):
            due = processes
            if f.get("due_from"):
                due = due.filter(due_date__gte=f["due_from"])
            if f.get("due_to"):
                due = due.filter(due_date__lte=f["due_to"])
            qs = qs.filter(pk__in=due.values("directive_id"))
        return self.page(qs, ns.DirectiveSerializer, **self.context())

    @extend_schema(summary="Một nhiệm vụ")
    def retrieve(self, request, pk=None):
        return self.one(self.visible(self.get_queryset(), pk))

    @extend_schema(
        summary="Sửa nhiệm vụ của bản nháp; đánh dấu đã rà soát (Văn phòng Tỉnh ủy)",
        request=ns.DirectivePatchInput,
        parameters=[IF_MATCH],
        examples=[
            OpenApiExample(
                "Đã rà soát",
                value={"text": "Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền…", "reviewed": True},
                request_only=True,
            )
        ],
    )
    def partial_update(self, request, pk=None):
        directive = self.visible(self.get_queryset(), pk)
        data = self.validated(ns.DirectivePatchInput)

        def precondition():
            now = Directive.objects.get(pk=directive.pk)
            require_version(request, etag=ns.directive_version(now), required=True)

        def perform():
            now = Directive.objects.get(pk=directive.pk)
            notice_services.directive_update(
                directive=now,
                by=request.user,
                text=data.get("text", now.text),
                reviewed=data["reviewed"],
            )
            return self.one(directive)

        def current():
            response = self.one(directive)
            return response.data, response["ETag"]

        return act(
            request,
            perform,
            lock=lambda: lock_rows(Directive.objects.filter(pk=directive.pk)),
            precondition=precondition,
            current=current,
            idempotent=False,
        )

    @extend_schema(
        summary="Thêm phân công cho nhiệm vụ của bản nháp (Văn phòng Tỉnh ủy)",
        request=ns.AssignmentInput,
        responses={201: ws.AssignmentSerializer},
        parameters=[IDEMPOTENCY_KEY],
        examples=[
            OpenApiExample(
                "Phân công",
                value={
                    "lead": "BTGTU",
                    "coordinators": ["BTCTU"],
                    "due_date": "2023-12-31",
                    "recurrence": "",
                },
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def assignments(self, request, pk=None):
        directive = self.visible(self.get_queryset(), pk)
        data = self.validated(ns.AssignmentInput)

        def perform():
            assignment = notice_services.assignment_save(
                directive=directive,
                by=request.user,
                lead_code=data["lead"],
                coordinator_codes=data["coordinators"],
                due_date=data["due_date"],
                due_working_days=data["due_working_days"],
                recurrence=data["recurrence"],
            )
            body = ws.AssignmentSerializer(assignment, context={"request": request}).data
            return with_version(body, ws.assignment_version(assignment), status=201)

        return act(request, perform)
