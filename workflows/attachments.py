"""Limits for attached files (count, size, and type checked by content), shared by forms and
services. The content checks are those of :mod:`project.uploads` (magic bytes, sound archives,
no zip bombs)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from project.uploads import upload_validate

MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024  # 20 MB
ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "jpg", "jpeg", "png")
MAX_ATTACHMENTS = 10


def attachment_validate(file) -> None:
    """Raise ``ValidationError`` (Vietnamese message) when ``file`` breaks a limit or is not
    what its name says."""
    upload_validate(file, extensions=ALLOWED_EXTENSIONS, max_size=MAX_ATTACHMENT_SIZE)


def attachments_validate(files) -> None:
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Chỉ được đính kèm tối đa %(count)s tệp mỗi lần.") % {"count": MAX_ATTACHMENTS},
            code="too_many",
        )
    for file in files:
        attachment_validate(file)
