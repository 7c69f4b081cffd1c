"""Notices, their directives and draft assignments; what an import or a hand-made notice sends."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.actions import etag_of
from api.serializers.fields import StrictBooleanField, StrictCharField, StrictIntegerField
from api.serializers.workflow import AssignmentSerializer
from tasks_app.models import DirectiveState, Notice, NoticeKind, Recurrence


def notice_version(notice: Notice) -> str:
    return etag_of("notice", notice.pk, notice.status, notice.published_at)


def directive_version(directive) -> str:
    return etag_of(
        "directive", directive.pk, directive.text, directive.needs_review, directive.state
    )


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    date = serializers.DateField()
    issuer = serializers.CharField()
    title = serializers.CharField()
    signer = serializers.CharField()
    signer_title = serializers.CharField()
    recipients = serializers.ListField(child=serializers.CharField())
    status = serializers.ChoiceField(choices=Notice.Status.choices)
    source_filename = serializers.CharField()
    created_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    version = serializers.SerializerMethodField()

    def get_version(self, notice) -> str:
        return notice_version(notice)


class DirectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    notice_id = serializers.IntegerField()
    notice_number = serializers.CharField(source="notice.number")
    ref = serializers.CharField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    needs_review = serializers.BooleanField()
    review_reasons = serializers.ListField(child=serializers.CharField())
    state = serializers.ChoiceField(choices=DirectiveState.choices)
    version = serializers.SerializerMethodField(help_text="Gửi lại trong tiêu đề If-Match.")
    assignments = serializers.SerializerMethodField(
        help_text="Các phân công người gọi được xem (cơ quan khác không thấy phần của nhau)."
    )

    def get_version(self, directive) -> str:
        return directive_version(directive)

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, directive):
        visible = self.context["visible_assignments"]
        return AssignmentSerializer(
            visible.filter(directive=directive).order_by("pk"), many=True, context=self.context
        ).data


class NoticeDetailSerializer(NoticeSerializer):
    directives = serializers.SerializerMethodField()

    @extend_schema_field(DirectiveSerializer(many=True))
    def get_directives(self, notice):
        directives = self.context["visible_directives"].filter(notice=notice)
        return DirectiveSerializer(
            directives.select_related("notice").order_by("position", "pk"),
            many=True,
            context=self.context,
        ).data


# --- inputs ---------------------------------------------------------------------------------


class NoticeImportInput(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True, help_text="Tệp văn bản thông báo (UTF-8, .txt), như khi tải lên."
    )


class AssignmentInput(serializers.Serializer):
    lead = StrictCharField(max_length=32, help_text="Mã cơ quan hoặc nhóm chủ trì.")
    coordinators = serializers.ListField(
        child=StrictCharField(max_length=32), required=False, default=list
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    due_working_days = StrictIntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=3650
    )
    recurrence = serializers.ChoiceField(
        choices=[("", ""), *Recurrence.choices], required=False, default=""
    )


class AssignmentPatchInput(AssignmentInput):
    lead = StrictCharField(max_length=32, required=False)
    coordinators = serializers.ListField(child=StrictCharField(max_length=32), required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    due_working_days = StrictIntegerField(
        required=False, allow_null=True, min_value=1, max_value=3650
    )
    recurrence = serializers.ChoiceField(choices=[("", ""), *Recurrence.choices], required=False)


class DirectiveInput(serializers.Serializer):
    ref = StrictCharField(max_length=32)
    text = StrictCharField(max_length=50000)
    assignments = AssignmentInput(many=True, required=False, default=list)


class NoticeCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=NoticeKind.choices,
        required=False,
        default=NoticeKind.CONCLUSION,
        help_text="Thông báo kết luận, hoặc ý kiến chỉ đạo (không có số: hệ thống đánh số).",
    )
    number = StrictCharField(max_length=64, required=False, allow_blank=True, default="")
    date = serializers.DateField()
    issuer = StrictCharField(max_length=255)
    title = StrictCharField(max_length=5000)
    signer = StrictCharField(max_length=255, required=False, allow_blank=True, default="")
    signer_title = StrictCharField(max_length=255, required=False, allow_blank=True, default="")
    directives = DirectiveInput(many=True)

    def validate_directives(self, directives):
        if not directives:
            raise serializers.ValidationError(_("Cần ít nhất một nhiệm vụ."))
        refs = [d["ref"].strip() for d in directives]
        if len(set(refs)) != len(refs):
            raise serializers.ValidationError(_("Số mục của các nhiệm vụ không được trùng nhau."))
        return directives


class DirectivePatchInput(serializers.Serializer):
    text = StrictCharField(max_length=50000, required=False)
    reviewed = StrictBooleanField(required=False, default=False, help_text="Đánh dấu đã rà soát.")
