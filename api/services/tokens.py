"""Service accounts and API tokens: issue, rotate, revoke (audited), and look a key up."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from api.permissions import require_api_admin
from audit.models import EventType
from audit.services import audit_record, refusals_audited, target_of
from project.exceptions import InvalidInput, PermissionRefused, StateConflict
from tasks_app.models import OFFICE_AGENCY_CODE, Agency, Membership, Role
from tasks_app.selectors import UserLike

KEY_PREFIX = "chd"
ROLE_ORDER = [Role.OFFICE, Role.HEAD, Role.DEPUTY, Role.OFFICER, Role.AUDITOR]


def service_account_username(*, agency: Agency, roles: list[str]) -> str:
    ordered = [r for r in ROLE_ORDER if r in roles]
    return f"api.{agency.code.lower()}.{'-'.join(ordered)}"


def service_account(*, agency: Agency, roles: list[str]):
    """The service account of ``agency`` holding exactly ``roles`` there (created on first use).

    Its only memberships are in ``agency``, so every permission rule sees it as a member of that
    agency and of no other. It has no password: it signs in only through API tokens.
    """
    roles = [str(r) for r in roles]
    if not roles or any(r not in Role.values for r in roles):
        raise InvalidInput(_("Vai trò không hợp lệ."), fields={"roles": [_("Không hợp lệ.")]})
    if Role.OFFICE in roles and agency.code != OFFICE_AGENCY_CODE:
        raise InvalidInput(
            _("Vai trò Văn phòng Tỉnh ủy chỉ dùng cho %(code)s.") % {"code": OFFICE_AGENCY_CODE},
            fields={"roles": [_("Không hợp lệ.")]},
        )
    username = service_account_username(agency=agency, roles=roles)
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={
            "first_name": _("Tài khoản hệ thống"),
            "last_name": agency.code,
            "is_active": True,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        for role in roles:
            Membership.objects.create(user=user, agency=agency, role=role)
    return user


def webhook_viewer(*, agency: Agency):
    """Whose eyes a webhook of ``agency`` sees with: the agency's head (the Office for VPTU)."""
    role = Role.OFFICE if agency.code == OFFICE_AGENCY_CODE else Role.HEAD
    return service_account(agency=agency, roles=[role])


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_key() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    #: The key itself: shown once, never stored.
    key: str


def _snapshot(token: ApiToken) -> dict:
    return {
        "name": token.name,
        "prefix": token.prefix,
        "user": token.user.get_username(),
        "agency": token.agency.code if token.agency_id else None,
        "read_only": token.read_only,
        "expires_at": token.expires_at,
    }


def _create(
    *,
    name: str,
    user,
    agency: Agency | None,
    read_only: bool,
    expires_at: datetime.datetime | None,
    by: UserLike,
) -> IssuedToken:
    prefix, key = _new_key()
    token = ApiToken.objects.create(
        name=name,
        prefix=prefix,
        key_hash=_hash(key),
        user=user,
        agency=agency,
        read_only=read_only,
        expires_at=expires_at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return IssuedToken(token=token, key=key)


@refusals_audited("api_token.issue", PermissionRefused)
@transaction.atomic
def api_token_issue(
    *,
    by: UserLike,
    name: str,
    agency: Agency | None = None,
    roles: list[str] | None = None,
    user=None,
    read_only: bool = False,
    expires_at: datetime.datetime | None = None,
) -> IssuedToken:
    """Issue a token: for ``agency`` (acting as its service account with ``roles``), or for a
    named ``user`` (a person's own client). Returns the key, shown only this once."""
    require_api_admin(user=by)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Cần đặt tên cho mã truy cập."), fields={"name": [_("Bắt buộc.")]})
    if (agency is None) == (user is None):
        raise InvalidInput(
            _("Chọn một cơ quan (kèm vai trò) hoặc một người dùng, không chọn cả hai.")
        )
    if agency is not None:
        user = service_account(agency=agency, roles=list(roles or []))
    elif not user.is_active:
        raise InvalidInput(
            _("Tài khoản %(user)s đã ngừng hoạt động.") % {"user": user.get_username()}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput(_("Thời điểm hết hạn phải ở tương lai."))
    issued = _create(
        name=name, user=user, agency=agency, read_only=read_only, expires_at=expires_at, by=by
    )
    audit_record(
        event_type=EventType.API_TOKEN_ISSUED,
        actor=by,
        target=target_of(issued.token),
        after=_snapshot(issued.token),
    )
    return issued


def _locked(token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise StateConflict(_("Mã truy cập %(prefix)s đã bị thu hồi.") % {"prefix": token.prefix})
    return token


@refusals_audited("api_token.rotate", PermissionRefused)
@transaction.atomic
def api_token_rotate(*, token: ApiToken, by: UserLike) -> IssuedToken:
    """Replace a token by a new key with the same scope; the old key stops working at once."""
    require_api_admin(user=by)
    token = _locked(token)
    issued = _create(
        name=token.name,
        user=token.user,
        agency=token.agency,
        read_only=token.read_only,
        expires_at=token.expires_at,
        by=by,
    )
    token.revoked_at = timezone.now()
    token.revoked_by = by if getattr(by, "is_authenticated", False) else None
    token.replaced_by = issued.token
    token.save(update_fields=["revoked_at", "revoked_by", "replaced_by"])
    audit_record(
        event_type=EventType.API_TOKEN_ROTATED,
        actor=by,
        target=target_of(token),
        before={"prefix": token.prefix},
        after={"prefix": issued.token.prefix},
    )
    return issued


@refusals_audited("api_token.revoke", PermissionRefused)
@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: UserLike, reason: str = "") -> ApiToken:
    """Stop a token at once."""
    require_api_admin(user=by)
    token = _locked(token)
    token.revoked_at = timezone.now()
    token.revoked_by = by if getattr(by, "is_authenticated", False) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        event_type=EventType.API_TOKEN_REVOKED,
        actor=by,
        target=target_of(token),
        before=_snapshot(token),
        reason=(reason or "").strip(),
    )
    return token


#: ``last_used_at`` is written at most this often per token (one UPDATE per request is waste).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The usable token of ``key`` (constant-time comparison), or ``None``."""
    parts = (key or "").split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1]:
        return None
    token = ApiToken.objects.select_related("user", "agency").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
        return None
    now = timezone.now()
    if not token.is_usable(now=now) or not token.user.is_active:
        return None
    if token.agency_id is not None and not token.agency.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
