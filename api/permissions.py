"""Who may manage API tokens and webhooks, and what a token's scope allows.

The rules about directives, tasks and reports are those of :mod:`workflows.permissions` and
:mod:`tasks_app.permissions`; the API adds only its own: administrators issue, rotate and revoke
tokens and register webhook endpoints, and a read-only token never changes anything.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from project.exceptions import PermissionRefused
from tasks_app.selectors import UserLike, is_signed_in


def user_can_manage_api(*, user: UserLike) -> bool:
    """Issue, rotate and revoke tokens; register webhook endpoints: administrators only."""
    return is_signed_in(user) and bool(user.is_superuser)


def require_api_admin(*, user: UserLike) -> None:
    """``user=None`` is the operator running a management command."""
    if user is not None and not user_can_manage_api(user=user):
        raise PermissionRefused(
            _("Chỉ quản trị hệ thống được cấp, đổi, thu hồi mã truy cập và đăng ký webhook.")
        )


def token_allows(*, token, method: str) -> bool:
    """A read-only token may only read (GET, HEAD, OPTIONS)."""
    return token is None or not getattr(token, "read_only", False) or method in SAFE_METHODS


class TokenScopeAllows(BasePermission):
    """DRF permission: refuse a change made with a read-only token."""

    message = _("Mã truy cập này chỉ được đọc dữ liệu.")
    code = "read_only_token"

    def has_permission(self, request, view) -> bool:
        if token_allows(token=request.auth, method=request.method):
            return True
        raise PermissionRefused(
            _("Mã truy cập này chỉ được đọc dữ liệu, không được thay đổi."), code="read_only_token"
        )
