"""Transports take a rendered incident document to an RMS. A small registry: a decorator that
refuses duplicate ids, a base class with one ``send`` method; the built-in transports are
registered in ``RmsExportConfig.ready()``."""

from dataclasses import dataclass

from ..registry import Registry

__all__ = ["PermanentError", "Receipt", "Registry", "TransientError", "Transport", "registry"]


class TransientError(Exception):
    """Try again later: the RMS is down, slow or overloaded."""


class PermanentError(Exception):
    """The RMS refused the document itself: retrying the same document will not help."""


@dataclass(frozen=True)
class Receipt:
    case_number: str  # "" when the transport cannot know it (a file dropped for the RMS)


class Transport:
    id = ""
    label = ""
    required_options = ()  # a destination using this transport must set these options

    def __init__(self, options):
        self.options = options or {}

    def send(self, *, key, payload, content_type, extension):
        """Deliver ``payload`` (bytes) once under idempotency ``key``; return a ``Receipt`` or
        raise ``TransientError`` / ``PermanentError``."""
        raise NotImplementedError


registry = Registry("transport")
