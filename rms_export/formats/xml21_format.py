"""Incident XML 2.1 (``rms_export/schemas/incident-2.1.xsd``): version 2.0's elements, plus the
address register's identifier and the point in ``Location``, in the namespace
``urn:openreport:incident:2.1``."""

from functools import cache, partial
from pathlib import Path

from lxml import etree

from forms_app.canonical import full_report
from forms_app.mapping import SCHEMA_V2_1

from . import xml2_format, xml_format

NS = "urn:openreport:incident:2.1"
VERSION = "2.1"
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "incident-2.1.xsd"
CONTENT_TYPE = xml_format.CONTENT_TYPE
EXTENSION = xml_format.EXTENSION
record = partial(full_report, version=SCHEMA_V2_1)


@cache
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser=xml_format._safe_parser()))


def render(record):
    return xml2_format.render_in(record, ns=NS, version=VERSION, validator=schema())


def parse(payload):
    return xml2_format.parse_in(payload, ns=NS, validator=schema(), schema_name=SCHEMA_V2_1)
