"""The project's middleware: language, request size, session timeout, private caching, and the
site middleware that turns refusals into pages and audit events."""

import time
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.middleware import SiteMiddleware

from project.exceptions import (
    ApplicationError,
    InvalidInput,
    NotFound,
    PermissionRefused,
    error_response,
)
from project.ids import ids_in_range
from project.security import refusal_record


class PayloadTooLarge(InvalidInput):
    code = "too_large"
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    default_message = gettext_lazy("Dữ liệu gửi lên quá lớn.")


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language (the language cookie).

    Django's LocaleMiddleware also follows the browser's Accept-Language; the product speaks
    Vietnamese to its users whatever their browser says, and English only on request.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The language is the request's: leave the thread in the default language afterwards,
        # so work done later in the same thread (tests, workers) does not inherit it.
        try:
            return super().process_response(request, response)
        finally:
            translation.deactivate()


class RequestSizeLimitMiddleware:
    """Refuse a request body over ``REQUEST_MAX_BYTES`` (413) before anything reads it.

    Django caps form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not uploaded files; the
    attachment limits then apply per file (:mod:`project.uploads`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return error_response(request, InvalidInput(_("Yêu cầu không hợp lệ.")))
        if length > settings.REQUEST_MAX_BYTES:
            return error_response(
                request,
                PayloadTooLarge(
                    _("Dữ liệu gửi lên (%(size)s) vượt quá giới hạn %(limit)s.")
                    % {
                        "size": filesizeformat(length),
                        "limit": filesizeformat(settings.REQUEST_MAX_BYTES),
                    }
                ),
            )
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a signed-in session after ``SESSION_IDLE_SECONDS`` without a request (sliding), and
    ``SESSION_MAX_SECONDS`` after it started, whatever happens.

    The last-seen time is written at most once a minute, so a page view does not always write
    the session; each write also moves the cookie's expiry (``SESSION_COOKIE_AGE``).
    """

    TOUCH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started, seen = session.get("_started_at"), session.get("_seen_at")
            if started is None or seen is None:
                session["_started_at"] = session["_seen_at"] = now
            elif (
                now - seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_MAX_SECONDS
            ):
                logout(request)
            elif now - seen >= self.TOUCH_SECONDS:
                session["_seen_at"] = now
        return self.get_response(request)


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in user (pages,
    downloads, exports): no shared cache or browser history keeps another person's data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


def _flow_object_refusal(request, callback, kwargs) -> str:
    """Why a viewflow process or task address names nothing this user may see ("" if fine).

    The process must exist in the address's flow and be visible to the user (the flow's
    ``has_view_permission``); a task must belong to that process and to the address's node.
    Missing and hidden objects get the same answer (404); only the audit log tells them apart.
    """
    process_pk = kwargs.get("process_pk")
    extra = getattr(getattr(request.resolver_match, "url_name", None), "extra", None) or {}
    flow = extra.get("flow") or getattr(callback, "view_initkwargs", {}).get("flow_class")
    if process_pk is None or flow is None:
        return ""
    flow_class = flow if isinstance(flow, type) else type(flow)
    process = flow_class.process_class._default_manager.filter(
        pk=process_pk, flow_class=flow_class
    ).first()
    if process is None:
        return _("Quy trình #%(pk)s không tồn tại.") % {"pk": process_pk}
    if not flow_class.instance.has_view_permission(request.user, process):
        return _("Quy trình #%(pk)s không thuộc phạm vi được xem của người dùng.") % {
            "pk": process_pk
        }
    task_pk = kwargs.get("task_pk")
    if task_pk is not None:
        tasks = flow_class.task_class._default_manager.filter(pk=task_pk, process_id=process.pk)
        if extra.get("node") is not None:
            tasks = tasks.filter(flow_task=extra["node"])
        if not tasks.exists():
            return _("Việc #%(task)s không thuộc quy trình #%(process)s ở bước này.") % {
                "task": task_pk,
                "process": process_pk,
            }
    return ""


class AuditedSiteMiddleware(SiteMiddleware):
    """viewflow's site middleware (site/app permission checks), plus:

    - an id in the address beyond the database's range, a process that does not exist or
      that the user may not see, a task that is not of the process in the address: 404, the
      same page for all of them;
    - every refusal (403, 404 of an object) of a signed-in user is written to the audit log,
      throttled per person (:func:`project.security.refusal_record`), after the view's
      transaction has rolled back. Refusals inside services are logged by the services
      themselves (``audited``), so nothing is logged twice;
    - an application error becomes its HTTP status (:func:`project.exceptions.http_status`),
      never a 500.
    """

    def process_view(self, request, callback, callback_args, callback_kwargs):
        try:
            super().process_view(request, callback, callback_args, callback_kwargs)
        except PermissionDenied as exc:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            self._log_refusal(request, exc)
            raise
        if not ids_in_range(callback_kwargs.values()):
            return self._not_found(request, _("Mã trong địa chỉ vượt quá phạm vi của mã số."))
        if request.user.is_authenticated:
            refusal = _flow_object_refusal(request, callback, callback_kwargs)
            if refusal:
                return self._not_found(request, refusal)
        return None

    def process_exception(self, request, exception):
        """Log refusals; an application error becomes its HTTP status (403/400/409/404), never
        a 500 (the one mapping: :func:`project.exceptions.http_status`)."""
        if isinstance(exception, PermissionDenied | Http404 | PermissionRefused | NotFound):
            self._log_refusal(request, exception)
        if isinstance(exception, ApplicationError):
            return error_response(request, exception)
        return None

    def _not_found(self, request, reason: str):
        error = NotFound()
        error.audit_reason = reason
        self._log_refusal(request, error)
        return error_response(request, error)

    @staticmethod
    def _log_refusal(request, exception) -> None:
        if not request.user.is_authenticated:
            return
        if getattr(exception, "audited", False):  # the service logged it already
            return
        reason = (
            getattr(exception, "audit_reason", "")
            or str(exception)
            or _("Không có quyền truy cập chức năng này.")
        )
        refusal_record(request, reason=reason, target=getattr(exception, "audit_target", None))
