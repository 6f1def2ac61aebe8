"""Renderings of the canonical incident record (``forms_app.canonical.canonical_report``).

Each format renders a record to bytes, validated against the project's schema before it is
returned, and parses bytes back to a record (validated, with external entities and network
access off). ``registry`` holds the formats by id (a module each, with ``render``, ``parse``,
``CONTENT_TYPE`` and ``EXTENSION``); the built-in ones are registered in
``RmsExportConfig.ready()``.
"""

from ..registry import Registry

registry = Registry("format")


class InvalidRecord(ValueError):
    """A record or a payload that does not match the schema: the message says where."""
