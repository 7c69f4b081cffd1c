"""The one error hierarchy of the application, and its mapping to HTTP.

Every refusal a service, a selector or a view raises on purpose is an :class:`ApplicationError`
of one kind; each kind has a stable machine ``code`` (for API clients and logs) and a message in
the user's language (Vietnamese by default):

=====================  ====  ===================================================================
kind                   HTTP  when
=====================  ====  ===================================================================
PermissionRefused      403   the user's agency or role does not allow the action
InvalidInput           400   the data given is not acceptable (missing reason, bad date, file…)
StateConflict          409   the object is not in a state that allows it (done, cancelled…)
ConcurrencyConflict    409   someone else is changing the same object right now; retry
NotFound               404   the object does not exist, or the user may not know it exists
=====================  ====  ===================================================================

:func:`http_status` is the one place that maps a kind to its status; web pages
(``project.middleware.AuditedSiteMiddleware``) and the API use it.
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A refused action; ``message`` says why, in the user's language.

    ``code`` is stable and machine-readable; ``fields`` maps form/API field names to messages
    when the refusal is about particular fields.
    """

    code = "error"
    status = HTTPStatus.BAD_REQUEST
    default_message = _("Thao tác không thực hiện được.")
    #: Set once the refusal is in the audit log, so that nothing logs it a second time.
    audited = False
    #: Where the error page points the user next (a path and its label; optional).
    link = ""
    link_label = ""

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None):
        self.message = str(message if message is not None else self.default_message)
        if code is not None:
            self.code = code
        self.fields = dict(fields or {})
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def form_field(self, names) -> str | None:
        """The first field this refusal names among a form's ``names``: a page shows the
        refusal once, under that field (``None``: above the form)."""
        return next((name for name in self.fields if name in names), None)

    def as_dict(self) -> dict:
        """The error as an API body: a stable code, the message, and field errors if any."""
        body = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = {
                name: [str(m) for m in _as_list(msgs)] for name, msgs in self.fields.items()
            }
        return body


def _as_list(value) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


class PermissionRefused(ApplicationError):
    """The user's agency or role does not allow this action."""

    code = "permission_denied"
    status = HTTPStatus.FORBIDDEN
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class InvalidInput(ApplicationError):
    """The data given for the action is not acceptable."""

    code = "invalid"
    status = HTTPStatus.BAD_REQUEST
    default_message = _("Dữ liệu không hợp lệ.")


class StateConflict(ApplicationError):
    """The object is not in a state that allows this action (already done, cancelled…)."""

    code = "conflict"
    status = HTTPStatus.CONFLICT
    default_message = _("Thao tác không phù hợp với trạng thái hiện tại.")


class ConcurrencyConflict(StateConflict):
    """Someone else is changing the same object right now; the user may retry."""

    code = "busy"
    default_message = _(
        "Nhiệm vụ đang được người khác cập nhật cùng lúc. Vui lòng thử lại sau ít giây."
    )


class NotFound(ApplicationError):
    """The object does not exist, or the user may not know that it exists."""

    code = "not_found"
    status = HTTPStatus.NOT_FOUND
    default_message = _("Không tìm thấy.")


def http_status(exc: ApplicationError) -> int:
    """The HTTP status of an application error (403, 400, 409 or 404)."""
    return int(exc.status)


def error_response(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    """The page for an application error: the site's ``<status>.html`` template (or a short
    page with the message) with the error's HTTP status."""
    status = http_status(exc)
    context = {
        "exception": exc.message,
        "status": status,
        "link": exc.link,
        "link_label": exc.link_label,
    }
    try:
        body = render_to_string(f"{status}.html", context, request=request)
    except TemplateDoesNotExist:
        body = render_to_string("error.html", context, request=request)
    return HttpResponse(body, status=status)


def get_or_not_found(queryset: QuerySet | type[Model], message=None, **lookup) -> Model:
    """The one object ``lookup`` finds in ``queryset``, or :class:`NotFound`.

    A lookup value the database cannot even compare (an id too large for a bigint, text where a
    number is expected) is "not found" too, never a server error.
    """
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFound(message) from exc
