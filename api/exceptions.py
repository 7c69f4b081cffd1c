"""Errors of the API: one body shape for every refusal, mapped to HTTP in one place.

Every error answer is ``{"code": <stable machine code>, "message": <Vietnamese text>,
"fields": {<field>: [<message>, …]}}`` (``fields`` only for field errors); a conflict on a
stale version adds ``"current"`` (the object as it is now). Application errors
(:mod:`project.exceptions`) keep their kind's status (:func:`project.exceptions.http_status`);
DRF's own errors, Django's ``Http404`` and ``PermissionDenied`` are given the same shape.
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions as drf
from rest_framework.response import Response

from project.exceptions import (
    ApplicationError,
    InvalidInput,
    NotFound,
    PermissionRefused,
    StateConflict,
    http_status,
)


class PreconditionFailed(StateConflict):
    """The client acted on a version of the object that is no longer the current one."""

    code = "version_mismatch"
    status = HTTPStatus.PRECONDITION_FAILED
    default_message = gettext_lazy(
        "Dữ liệu đã được người khác thay đổi sau lần bạn đọc; hãy đọc lại rồi thực hiện lại."
    )


class PreconditionRequired(ApplicationError):
    """A change that could overwrite someone else's must say which version it changes."""

    code = "version_required"
    status = HTTPStatus.PRECONDITION_REQUIRED
    default_message = gettext_lazy(
        "Cần gửi tiêu đề If-Match với phiên bản (ETag) đã đọc để tránh ghi đè thay đổi của "
        "người khác."
    )


#: Vietnamese messages for DRF's field error codes (DRF's own catalog lacks most of them).
FIELD_MESSAGES = {
    "required": gettext_lazy("Trường này là bắt buộc."),
    "null": gettext_lazy("Trường này không được để trống."),
    "blank": gettext_lazy("Trường này không được để trống."),
    "invalid": gettext_lazy("Giá trị không hợp lệ."),
    "max_length": gettext_lazy("Nội dung dài quá giới hạn cho phép."),
    "min_length": gettext_lazy("Nội dung ngắn hơn mức tối thiểu."),
    "max_value": gettext_lazy("Giá trị lớn hơn mức cho phép."),
    "min_value": gettext_lazy("Giá trị nhỏ hơn mức cho phép."),
    "max_string_length": gettext_lazy("Số quá lớn."),
    "invalid_choice": gettext_lazy("Giá trị không nằm trong các lựa chọn cho phép."),
    "not_a_list": gettext_lazy("Cần một danh sách."),
    "empty": gettext_lazy("Danh sách không được rỗng."),
    "does_not_exist": gettext_lazy("Không tìm thấy đối tượng được chọn."),
    "incorrect_type": gettext_lazy("Kiểu dữ liệu không đúng."),
    "no_name": gettext_lazy("Tệp tải lên không có tên."),
    "max_files": gettext_lazy("Quá nhiều tệp."),
    "not_a_dict": gettext_lazy("Cần một đối tượng JSON."),
    "date": gettext_lazy("Cần một ngày (YYYY-MM-DD), không phải thời điểm."),
    "datetime": gettext_lazy("Cần một thời điểm, không phải ngày."),
    "make_aware": gettext_lazy("Thời điểm không hợp lệ ở múi giờ của hệ thống."),
    "overflow": gettext_lazy("Ngày nằm ngoài khoảng cho phép."),
    "unique": gettext_lazy("Giá trị này đã có."),
}

#: Vietnamese messages for DRF's request errors, by code.
REQUEST_MESSAGES = {
    "parse_error": gettext_lazy("Nội dung yêu cầu không đọc được (JSON hoặc biểu mẫu sai)."),
    "not_authenticated": gettext_lazy(
        "Cần xác thực: gửi tiêu đề Authorization: Bearer <mã truy cập>, hoặc đăng nhập."
    ),
    "authentication_failed": gettext_lazy(
        "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi."
    ),
    "permission_denied": gettext_lazy("Bạn không có quyền thực hiện thao tác này."),
    "not_found": gettext_lazy("Không tìm thấy."),
    "method_not_allowed": gettext_lazy("Phương thức này không được hỗ trợ ở địa chỉ này."),
    "not_acceptable": gettext_lazy("Không trả lời được theo định dạng yêu cầu."),
    "unsupported_media_type": gettext_lazy(
        "Kiểu nội dung không được hỗ trợ; dùng application/json hoặc multipart/form-data."
    ),
    "throttled": gettext_lazy("Quá nhiều yêu cầu; vui lòng thử lại sau."),
}


def _field_message(detail) -> str:
    code = getattr(detail, "code", None)
    if code in FIELD_MESSAGES:
        # keep the service's own message when the code is generic but the text is ours
        text = str(detail)
        if code == "invalid" and text and not text.isascii():
            return text
        return str(FIELD_MESSAGES[code])
    return str(detail)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field" | "field.sub" | "items.0.field": [messages]}``."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in _flatten(value, name).items():
                fields.setdefault(sub, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            fields.setdefault(prefix or "non_field_errors", []).extend(
                _field_message(item) for item in detail
            )
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for sub, messages in _flatten(item, name).items():
                    fields.setdefault(sub, []).extend(messages)
    else:
        fields.setdefault(prefix or "non_field_errors", []).append(_field_message(detail))
    return fields


def validation_error(exc: drf.ValidationError) -> InvalidInput:
    fields = _flatten(exc.detail)
    general = fields.pop("non_field_errors", [])
    message = " ".join(general) if general else _("Dữ liệu không hợp lệ.")
    return InvalidInput(message, fields=fields)


def as_application_error(exc: Exception) -> ApplicationError | None:
    """The application error an exception stands for (``None``: a real server error)."""
    if isinstance(exc, ApplicationError):
        return exc
    if isinstance(exc, drf.ValidationError):
        return validation_error(exc)
    if isinstance(exc, Http404 | drf.NotFound):
        return NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return PermissionRefused()
    if isinstance(exc, drf.APIException):
        code = exc.default_code
        text = str(exc.detail) if isinstance(exc.detail, str) else ""
        if text and not text.isascii():
            message = text  # already ours, in Vietnamese
        elif code in REQUEST_MESSAGES:
            message = REQUEST_MESSAGES[code]
        else:
            message = text or _("Yêu cầu không hợp lệ.")
        error = ApplicationError(message, code=code)
        error.status = exc.status_code
        return error
    return None


def error_response(error: ApplicationError, *, headers: dict | None = None) -> Response:
    body = error.as_dict()
    current = getattr(error, "current", None)
    if current is not None:
        body["current"] = current
    response = Response(body, status=http_status(error), headers=headers)
    etag = getattr(error, "etag", None)
    if etag:
        response["ETag"] = etag
    return response


def api_exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every refusal in the one body shape."""
    error = as_application_error(exc)
    if error is None:
        return None
    headers = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    wait = getattr(exc, "wait", None)
    if wait is not None:
        headers["Retry-After"] = str(int(wait))
    return error_response(error, headers=headers)
