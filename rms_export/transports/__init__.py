"""Transports take a rendered incident document to an RMS. A small registry: a decorator that
refuses duplicate ids, a base class with one ``send`` method; the built-in transports are
registered in ``RmsExportConfig.ready()``."""

from dataclasses import dataclass


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


class Registry:
    def __init__(self):
        self._transports = {}

    def register(self, transport_class):
        if not transport_class.id:
            raise ValueError(f"{transport_class.__name__} has no id")
        if transport_class.id in self._transports:
            raise ValueError(f"A transport with id {transport_class.id!r} is already registered")
        self._transports[transport_class.id] = transport_class
        return transport_class

    def get(self, transport_id):
        return self._transports[transport_id]

    def choices(self):
        return [(t.id, t.label) for t in self._transports.values()]

    def __contains__(self, transport_id):
        return transport_id in self._transports


registry = Registry()
