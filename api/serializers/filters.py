"""Query-string filters of the lists."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from reports.status import Status
from tasks_app.models import DirectiveState, Notice


class _DueRange(serializers.Serializer):
    due_from = serializers.DateField(required=False, help_text="Hạn hoàn thành từ ngày.")
    due_to = serializers.DateField(required=False, help_text="Hạn hoàn thành đến ngày.")
    overdue = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Đang quá hạn (true/false)."
    )

    def validate(self, data):
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            raise serializers.ValidationError({"due_to": _("Ngày kết thúc trước ngày bắt đầu.")})
        return data


class NoticeFilterInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Notice.Status.choices, required=False)


class DirectiveFilterInput(_DueRange):
    notice = serializers.IntegerField(required=False, min_value=1, help_text="Mã (id) thông báo.")
    agency = serializers.CharField(required=False, max_length=32, help_text="Mã cơ quan chủ trì.")
    status = serializers.ChoiceField(choices=DirectiveState.choices, required=False)


class AssignmentFilterInput(_DueRange):
    notice = serializers.IntegerField(required=False, min_value=1, help_text="Mã (id) thông báo.")
    directive = serializers.IntegerField(required=False, min_value=1)
    agency = serializers.CharField(required=False, max_length=32, help_text="Mã cơ quan chủ trì.")
    status = serializers.ChoiceField(
        choices=Status.choices, required=False, help_text="Trạng thái theo hai trục báo cáo."
    )


class NotificationFilterInput(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None)


class AgencyFilterInput(serializers.Serializer):
    kind = serializers.CharField(required=False, max_length=32)
    active = serializers.BooleanField(required=False, allow_null=True, default=None)
