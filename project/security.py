"""Sign-in throttling, refusals in the audit log, and the pages that go with them.

- Sign-in attempts are counted by django-axes per account and per client address; after
  ``LOGIN_FAILURE_LIMIT`` failures the account (or address) is locked for
  ``LOGIN_LOCKOUT_MINUTES`` and gets :func:`lockout_response`, a Vietnamese page (429). The
  Office unlocks from :class:`LockoutListView`.
- Failed sign-ins, lockouts, CSRF failures and refused or hidden objects are written to the
  audit log, at most ``REFUSAL_AUDIT_LIMIT`` events per person (or address) and window
  (``project.throttle``): a stranger cannot flood the log.
- :func:`client_address` is the one answer to "who is asking" (behind ``TRUSTED_PROXY_COUNT``
  reverse proxies it reads ``X-Forwarded-For`` from the right).
"""

from __future__ import annotations

import hashlib

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from audit.models import EventType
from audit.services import Target, audit_record, audit_refusal
from project.exceptions import InvalidInput, PermissionRefused
from project.throttle import throttle_allow
from tasks_app.selectors import user_is_office

# --- who is asking ----------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the
    address the outermost trusted proxy saw (``X-Forwarded-For`` counted from the right, so a
    client cannot choose it by sending the header itself)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies][:64]


def _key(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


def audit_allowed(request: HttpRequest, kind: str) -> bool:
    """Whether one more ``kind`` event from this person (or address) may be written now."""
    user = getattr(request, "user", None)
    who = f"user:{user.pk}" if user is not None and user.is_authenticated else ""
    who = who or f"addr:{client_address(request)}"
    return throttle_allow(
        key=_key(kind, who),
        limit=settings.REFUSAL_AUDIT_LIMIT,
        window_seconds=settings.REFUSAL_AUDIT_WINDOW_SECONDS,
    ) and throttle_allow(  # and a cap for everyone together (many addresses at once)
        key=_key(kind, "all"),
        limit=settings.REFUSAL_AUDIT_LIMIT * 20,
        window_seconds=settings.REFUSAL_AUDIT_WINDOW_SECONDS,
    )


def refusal_record(
    request: HttpRequest, *, reason: str, target: Target | None = None, kind: str = "refusal"
) -> bool:
    """Write a refused request to the audit log (throttled); returns whether it was written."""
    if not audit_allowed(request, kind):
        return False
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    action = f"{request.method} {request.path}"[:200]
    if actor is None:
        target = target or Target(
            object_type="request",
            object_repr=_("từ %(address)s") % {"address": client_address(request)},
        )
    audit_refusal(actor=actor, action=action, reason=reason[:1000], target=target)
    return True


# --- sign-in ----------------------------------------------------------------------------------


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before the password is tried; a sign-in without a request (a
    management shell, a script on the server) has nobody to throttle and is left to the next
    backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _username_of(credentials: dict | None) -> str:
    return str((credentials or {}).get("username") or "")[:150]


def login_failure_record(request: HttpRequest | None, credentials: dict | None) -> bool:
    """A failed sign-in (throttled per client address, and for all addresses together)."""
    if request is None:
        return False
    username = _username_of(credentials)
    address = client_address(request)
    if not audit_allowed(request, "login"):
        return False
    audit_record(
        event_type=EventType.LOGIN_FAILED,
        target=Target(object_type="auth.user", object_repr=username),
        after={"username": username, "address": address},
        reason=_("Sai tên đăng nhập hoặc mật khẩu."),
        agency_code="",
    )
    return True


def lockout_record(request: HttpRequest | None, username: str, address: str) -> None:
    """A lockout: once per account and address for the cool-off period (and within the
    per-address cap, since every attempt during a lockout reports it again)."""
    if not throttle_allow(
        key=_key("lockout", username, address),
        limit=1,
        window_seconds=int(settings.AXES_COOLOFF_TIME.total_seconds()),
    ):
        return
    if request is not None and not audit_allowed(request, "lockout"):
        return
    audit_record(
        event_type=EventType.LOGIN_LOCKED,
        target=Target(object_type="auth.user", object_repr=username[:150]),
        after={
            "username": username[:150],
            "address": address,
            "failures": settings.AXES_FAILURE_LIMIT,
            "minutes": settings.LOGIN_LOCKOUT_MINUTES,
        },
        reason=_("Đăng nhập sai quá số lần cho phép; tạm khóa."),
        agency_code="",
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The Vietnamese lockout page (429)."""
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": settings.LOGIN_LOCKOUT_MINUTES, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


# --- CSRF -------------------------------------------------------------------------------------


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token: a Vietnamese 403 page, and the audit log."""
    refusal_record(request, reason=f"CSRF: {reason}", kind="csrf")
    return render(
        request,
        "403.html",
        {
            "exception": _(
                "Biểu mẫu đã hết hạn hoặc không gửi từ trang của hệ thống. Tải lại trang rồi "
                "thử lại."
            )
        },
        status=403,
    )


# --- the Office unlocks -----------------------------------------------------------------------


def _recent_attempts():
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since)


def locked_accounts() -> list[dict]:
    """Usernames locked now: ``{"username", "failures", "last"}``, latest first."""
    return list(
        _recent_attempts()
        .values("username")
        .annotate(failures=Max("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )


def locked_addresses() -> list[dict]:
    """Client addresses locked now: ``{"ip_address", "failures", "last"}``, latest first."""
    return list(
        _recent_attempts()
        .values("ip_address")
        .annotate(failures=Max("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )


def lockout_clear(*, by, username: str = "", address: str = "") -> int:
    """The Office lifts the lock of one account or one address (audited); returns how many
    attempt records were removed."""
    username, address = username.strip()[:150], address.strip()[:64]
    if bool(username) == bool(address):
        raise InvalidInput(_("Chọn một tài khoản hoặc một địa chỉ để mở khóa."))
    if username:
        removed = AxesProxyHandler.reset_attempts(username=username)
    else:
        removed = AxesProxyHandler.reset_attempts(ip_address=address)
    if removed:
        audit_record(
            event_type=EventType.LOGIN_UNLOCKED,
            actor=by,
            target=Target(object_type="auth.user", object_repr=username or address),
            after={"username": username, "address": address},
        )
    return removed


class LockoutListView(LoginRequiredMixin, generic.TemplateView):
    """Accounts and addresses locked after failed sign-ins; the Office unlocks them."""

    template_name = "registration/lockouts.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (
            request.user.is_superuser or user_is_office(user=request.user)
        ):
            raise PermissionRefused(_("Chỉ Văn phòng Tỉnh ủy được mở khóa đăng nhập."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            accounts=locked_accounts(),
            addresses=locked_addresses(),
            minutes=settings.LOGIN_LOCKOUT_MINUTES,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        address = request.POST.get("ip_address", "")
        if lockout_clear(by=request.user, username=username, address=address):
            messages.success(
                request,
                _("Đã mở khóa đăng nhập cho %(who)s.") % {"who": (username or address).strip()},
            )
        else:
            messages.info(request, _("Không có khóa nào cần mở."))
        return HttpResponseRedirect(request.path)
