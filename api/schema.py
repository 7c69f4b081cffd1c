"""OpenAPI: the token scheme, and the error answers every operation may give."""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERRORS = {
    "400": "Dữ liệu không hợp lệ (lỗi theo từng trường trong `fields`).",
    "401": "Chưa xác thực, hoặc mã truy cập không hợp lệ, hết hạn, đã thu hồi.",
    "403": "Không có quyền (vai trò, cơ quan, hoặc mã chỉ đọc).",
    "404": "Không tìm thấy, hoặc không được xem (hai trường hợp như nhau).",
}
CHANGE_ERRORS = {
    "409": "Trạng thái hiện tại không cho phép thao tác (kèm trạng thái hiện tại).",
    "412": "If-Match không khớp phiên bản hiện tại (kèm trạng thái hiện tại).",
    "422": "Idempotency-Key đã dùng cho một yêu cầu khác.",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema; the Vietnamese tag of each view comes from ``schema_tags``."""

    def get_tags(self) -> list[str]:
        tags = getattr(self.view, "schema_tags", None)
        return list(tags) if tags else super().get_tags()


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "maTruyCap"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Mã truy cập do quản trị hệ thống cấp: `Authorization: Bearer chd_…`. "
                "Mã gắn với một cơ quan (tài khoản hệ thống của cơ quan) hoặc một người dùng, "
                "có thể chỉ đọc."
            ),
        }


def postprocess_error_responses(result, generator, request, public):
    """Add the error answers (one body shape, ``Error``) to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "description": "Mọi câu trả lời lỗi của API.",
        "properties": {
            "code": {"type": "string", "description": "Mã lỗi ổn định (ví dụ: not_found)."},
            "message": {"type": "string", "description": "Thông báo lỗi bằng tiếng Việt."},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "description": "Lỗi theo từng trường dữ liệu.",
            },
            "current": {
                "type": "object",
                "additionalProperties": True,
                "description": "Trạng thái hiện tại của đối tượng, khi xung đột.",
            },
        },
        "required": ["code", "message"],
        "example": {
            "code": "not_found",
            "message": "Không tìm thấy nhiệm vụ này, hoặc bạn không được xem.",
        },
    }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") in ("id", "pk"):
                    parameter["schema"] = {"type": "integer", "minimum": 1}
            errors = dict(ERRORS)
            if method in ("post", "put", "patch", "delete"):
                errors.update(CHANGE_ERRORS)
            if method in ("patch", "put", "delete"):
                errors["428"] = "Thiếu tiêu đề If-Match (bắt buộc khi sửa, xóa)."
            for status, description in errors.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result
