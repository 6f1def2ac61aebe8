"""Renderings of the canonical incident record (``forms_app.canonical.canonical_report``).

Each format renders a record to bytes, validated against the project's schema before it is
returned, and parses bytes back to a record (validated, with external entities and network
access off). ``FORMATS`` maps a format id to its module.
"""

from . import json_format, xml_format

FORMATS = {"xml": xml_format, "json": json_format}


class InvalidRecord(ValueError):
    """A record or a payload that does not match the schema: the message says where."""
