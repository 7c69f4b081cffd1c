"""The caller, agencies (read; the Office edits), notifications, attached files."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api.actions import act, lock_rows, require_version
from api.serializers import registry as rs
from api.serializers.filters import AgencyFilterInput, NotificationFilterInput
from api.views.base import AnyAcceptMixin, ApiViewSet, with_version
from api.views.tasks import IF_MATCH
from project.exceptions import NotFound
from tasks_app.models import Agency
from tasks_app.selectors import user_agencies, user_sees_everything
from tasks_app.services import AgencyInput, agency_save, agency_snapshot
from workflows import permissions, selectors


class MeView(APIView):
    """Người gọi: tài khoản, cơ quan và vai trò, mã truy cập đang dùng."""

    schema_tags = ["Tài khoản"]

    @extend_schema(summary="Tài khoản đang gọi API", responses=rs.MeSerializer)
    def get(self, request):
        data = rs.MeSerializer(request.user, context={"token": request.auth}).data
        return Response(data)


class AgencyViewSet(ApiViewSet):
    """Danh mục cơ quan: mọi người dùng được đọc; Văn phòng Tỉnh ủy sửa."""

    schema_tags = ["Cơ quan"]
    serializer_class = rs.AgencySerializer

    def get_queryset(self):
        return Agency.objects.select_related("parent").order_by("code", "pk")

    def one(self, agency) -> Response:
        agency = self.get_queryset().get(pk=agency.pk)
        return with_version(rs.AgencySerializer(agency).data, rs.agency_version(agency))

    @extend_schema(summary="Danh mục cơ quan", parameters=[AgencyFilterInput])
    def list(self, request):
        f = self.query(AgencyFilterInput)
        qs = self.get_queryset()
        if f.get("kind"):
            qs = qs.filter(kind=f["kind"])
        if f.get("active") is not None:
            qs = qs.filter(is_active=f["active"])
        return self.page(qs, rs.AgencySerializer)

    @extend_schema(summary="Một cơ quan")
    def retrieve(self, request, pk=None):
        return self.one(self.visible(self.get_queryset(), pk))

    @extend_schema(
        summary="Sửa thông tin cơ quan (Văn phòng Tỉnh ủy)",
        request=rs.AgencyPatchInput,
        parameters=[IF_MATCH],
        examples=[
            OpenApiExample(
                "Đổi tên",
                value={"name": "Ban Tuyên giáo và Dân vận Tỉnh ủy"},
                request_only=True,
            )
        ],
    )
    def partial_update(self, request, pk=None):
        agency = self.visible(self.get_queryset(), pk)
        data = dict(self.validated(rs.AgencyPatchInput))

        def precondition():
            require_version(
                request, etag=rs.agency_version(Agency.objects.get(pk=agency.pk)), required=True
            )

        def perform():
            current = agency_snapshot(agency)
            agency_save(
                agency=agency,
                by=request.user,
                data=AgencyInput(
                    code=agency.code,
                    name=data.get("name", current["name"]),
                    kind=data.get("kind", current["kind"]),
                    parent_code=data.get("parent", current["parent"]) or "",
                    abbreviation=data.get("abbreviation", current["abbreviation"] or ""),
                    aliases=data.get("aliases", current["aliases"]),
                    group_codes=data.get("groups", current["groups"]),
                ),
            )
            return self.one(agency)

        def current():
            response = self.one(agency)
            return response.data, response["ETag"]

        return act(
            request,
            perform,
            lock=lambda: lock_rows(Agency.objects.filter(pk=agency.pk)),
            precondition=precondition,
            current=current,
            idempotent=False,
        )

    @extend_schema(
        summary="Chuyên viên của cơ quan (để chọn người phụ trách); thành viên cơ quan và "
        "Văn phòng xem được",
        responses=rs.OfficerSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def officers(self, request, pk=None):
        user = request.user
        if user_sees_everything(user=user):
            scope = self.get_queryset()
        else:
            scope = self.get_queryset().filter(pk__in=user_agencies(user=user).values("pk"))
        agency = self.visible(scope, pk)
        return self.page(
            selectors.agency_officers(agency=agency).order_by(
                "last_name", "first_name", "username", "pk"
            ),
            rs.OfficerSerializer,
        )


class NotificationViewSet(ApiViewSet):
    """Thông báo của người gọi: danh sách, số chưa đọc, đánh dấu đã đọc."""

    schema_tags = ["Thông báo cá nhân"]
    serializer_class = rs.NotificationSerializer

    def get_queryset(self):
        return self.request.user.notifications.all().order_by("-timestamp", "-pk")

    @extend_schema(summary="Thông báo của tôi", parameters=[NotificationFilterInput])
    def list(self, request):
        f = self.query(NotificationFilterInput)
        qs = self.get_queryset()
        if f.get("unread") is not None:
            qs = qs.filter(unread=f["unread"])
        return self.page(qs, rs.NotificationSerializer)

    @extend_schema(summary="Số thông báo chưa đọc", responses=rs.UnreadCountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count", pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": self.get_queryset().filter(unread=True).count()})

    @extend_schema(summary="Đánh dấu một thông báo đã đọc", request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.visible(self.get_queryset(), pk)
        notification.mark_as_read()
        return Response(rs.NotificationSerializer(notification).data)

    @extend_schema(summary="Đánh dấu tất cả đã đọc", request=None, responses=rs.MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", pagination_class=None)
    def read_all(self, request):
        marked = self.get_queryset().filter(unread=True).update(unread=False)
        return Response({"marked": marked})


class AttachmentViewSet(AnyAcceptMixin, ApiViewSet):
    """Tệp đính kèm, cho những ai được xem quy trình của tệp."""

    schema_tags = ["Tệp đính kèm"]

    def get_queryset(self):
        return selectors.attachments().order_by("pk")

    @extend_schema(
        summary="Tải một tệp đính kèm",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Nội dung tệp."
            )
        },
    )
    def retrieve(self, request, pk=None):
        attachment = self.visible(self.get_queryset(), pk)
        process = selectors.attachment_process(attachment=attachment)
        if process is None or not permissions.user_can_view_process(
            user=request.user, process=process
        ):
            raise NotFound()
        try:
            file = attachment.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise NotFound(_("Tệp đính kèm không còn trên máy chủ.")) from exc
        response = FileResponse(
            file,
            as_attachment=True,
            filename=attachment.original_name,
            content_type="application/octet-stream",
        )
        return response
