"""Errors that reach the user. Each carries a message meant to be read by a clerk,
and, where it applies, the answer key and the place (file, row) it is about, so that
no caller has to parse the message (batch summaries, the extension's dialog)."""


class TokkiError(Exception):
    """Bad input: the CLI prints the message and exits 2; nothing is written.

    key:   the question key (answer) the error is about, or None
    where: the file, row or template the error is about, or None"""

    exit_code = 2

    def __init__(self, message="", key=None, where=None):
        Exception.__init__(self, message)
        self.key, self.where = key, where


class UnsafeDocument(TokkiError):
    """A file that is not a well-formed, harmless ODF/OOXML package."""


class TemplateError(TokkiError):
    """A template that is not a tokki template or is internally inconsistent."""


class RecognitionError(TokkiError):
    """Recognition data of the validate rules (templates/recognition.json) of the wrong
    shape (key: which entry)."""


class AnswerError(TokkiError):
    """An answer that does not fit the template's questions (key: which one)."""
