"""Errors raised while importing a notice, and the package's translation helpers.

The importer also runs without Django settings (pure-Python tests, scripts), where
``django.utils.translation.gettext`` raises: :func:`_` translates only when Django is set up
and returns the (Vietnamese) message unchanged otherwise.
"""


def gettext_noop(message: str) -> str:
    """Mark a module-level message for ``makemessages``; translate it with :func:`_` on use."""
    return message


def _(message: str) -> str:
    """The message in the active language when Django is configured, else as written."""
    try:
        from django.conf import settings

        if settings.configured:
            from django.utils.translation import gettext

            return gettext(message)
    except Exception:  # Django missing, or settings/apps not ready yet: keep the source text
        pass
    return message


class NoticeImportError(Exception):
    """Base class: the notice cannot be imported. The message is one line (Vietnamese source)."""

    def __init__(self, message: str):
        message = " ".join(str(message).split())
        super().__init__(message)
        self.message = message


class NoticeFormatError(NoticeImportError):
    """The file is not a readable notice (format, encoding, or no directives)."""
