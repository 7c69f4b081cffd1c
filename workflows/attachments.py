"""Limits for attached files (size and type), shared by forms and services."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024  # 20 MB
ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "jpg", "jpeg", "png")
MAX_ATTACHMENTS = 10


def attachment_validate(file) -> None:
    """Raise ``ValidationError`` (Vietnamese message) when ``file`` breaks a limit."""
    name = PurePath(getattr(file, "name", "") or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if not name:
        raise ValidationError(_("Tệp đính kèm không có tên."), code="no_name")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng. Chỉ nhận các tệp: %(allowed)s.")
            % {"name": name, "allowed": ", ".join(ALLOWED_EXTENSIONS)},
            code="extension",
        )
    size = getattr(file, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    if size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("Tệp “%(name)s” có dung lượng %(size)s, vượt quá giới hạn %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(MAX_ATTACHMENT_SIZE),
            },
            code="size",
        )


def attachments_validate(files) -> None:
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Chỉ được đính kèm tối đa %(count)s tệp mỗi lần.") % {"count": MAX_ATTACHMENTS},
            code="too_many",
        )
    for file in files:
        attachment_validate(file)
