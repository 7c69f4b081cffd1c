"""Agencies, the caller, notifications."""

from __future__ import annotations

from rest_framework import serializers

from api.actions import etag_of
from api.serializers.fields import StrictCharField
from tasks_app.models import AgencyKind, Role
from tasks_app.selectors import user_display_name


def agency_version(agency) -> str:
    return etag_of(
        "agency", agency.pk, agency.name, agency.kind, agency.parent_id, agency.is_active
    )


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AgencyKind.choices)
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    is_active = serializers.BooleanField()
    version = serializers.SerializerMethodField(help_text="Gửi lại trong tiêu đề If-Match.")

    def get_version(self, agency) -> str:
        return agency_version(agency)


class AgencyPatchInput(serializers.Serializer):
    name = StrictCharField(max_length=255, required=False)
    kind = serializers.ChoiceField(choices=AgencyKind.choices, required=False)
    parent = StrictCharField(
        max_length=32, required=False, allow_null=True, help_text="Mã cơ quan cấp trên."
    )
    abbreviation = StrictCharField(max_length=64, required=False, allow_blank=True)
    aliases = serializers.ListField(
        child=StrictCharField(max_length=255), required=False, help_text="Tên gọi khác."
    )
    groups = serializers.ListField(
        child=StrictCharField(max_length=32), required=False, help_text="Mã các nhóm."
    )


class MembershipSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    role = serializers.ChoiceField(choices=Role.choices)


class TokenInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    prefix = serializers.CharField()
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    read_only = serializers.BooleanField()
    expires_at = serializers.DateTimeField(allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()
    memberships = MembershipSerializer(many=True, source="memberships.all")
    token = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user_display_name(user)

    def get_token(self, user) -> dict | None:
        token = self.context.get("token")
        return TokenInfoSerializer(token).data if token is not None else None


class OfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user_display_name(user)


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    verb = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    level = serializers.CharField()
    unread = serializers.BooleanField()
    timestamp = serializers.DateTimeField()
    link = serializers.SerializerMethodField()

    def get_link(self, notification) -> str | None:
        link = (
            (notification.data or {}).get("link") if isinstance(notification.data, dict) else None
        )
        return str(link) if link else None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
