"""Errors raised while importing a notice."""


class NoticeImportError(Exception):
    """Base class: the notice cannot be imported. The message is one line in Vietnamese."""

    def __init__(self, message: str):
        message = " ".join(str(message).split())
        super().__init__(message)
        self.message = message


class NoticeFormatError(NoticeImportError):
    """The file is not a readable notice (format, encoding, or no directives)."""
