"""Small shared shapes: an agency, a person, an error, a file."""

from rest_framework import serializers

from tasks_app.selectors import user_display_name


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user_display_name(user)


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API."""

    code = serializers.CharField(help_text="Mã lỗi ổn định, dùng cho máy (ví dụ: not_found).")
    message = serializers.CharField(help_text="Thông báo lỗi bằng tiếng Việt.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Lỗi theo từng trường dữ liệu.",
    )
    current = serializers.DictField(
        required=False, help_text="Trạng thái hiện tại của đối tượng (khi xung đột phiên bản)."
    )


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        return f"/api/v1/attachments/{attachment.pk}/"


def agency_ref(agency) -> dict | None:
    return None if agency is None else {"id": agency.pk, "code": agency.code, "name": agency.name}


def user_ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username(), "name": user_display_name(user)}
