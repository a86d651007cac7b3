"""Errors that reach the user. Each carries a message meant to be read by a clerk."""


class TokkiError(Exception):
    """Bad input: the CLI prints the message and exits 2; nothing is written."""

    exit_code = 2


class UnsafeDocument(TokkiError):
    """A file that is not a well-formed, harmless ODF/OOXML package."""


class TemplateError(TokkiError):
    """A template that is not a tokki template or is internally inconsistent."""


class AnswerError(TokkiError):
    """An answer that does not fit the template's questions."""
