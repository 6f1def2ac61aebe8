"""Incident XML 2.0 (``rms_export/schemas/incident-2.0.xsd``): version 1.0's elements, plus
the files themselves (``BinaryBase64Object``), the citizen's later notes and staff's requests
for information with their answers, in the namespace ``urn:openreport:incident:2.0``."""

from functools import cache, partial
from pathlib import Path

from lxml import etree

from forms_app.canonical import full_report

from . import xml_format
from .xml_format import _add_in, _errors, _safe_parser, _text_of, add_core, load, read_core

NS = "urn:openreport:incident:2.0"
VERSION = "2.0"
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "incident-2.0.xsd"
CONTENT_TYPE = xml_format.CONTENT_TYPE
EXTENSION = xml_format.EXTENSION
record = full_report


@cache
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser=_safe_parser()))


def render(record):
    return render_in(record, ns=NS, version=VERSION, validator=schema())


def render_in(record, *, ns, version, validator):
    """The document of a 2.x version (namespace ``ns``), checked against its schema ``validator``."""
    from . import InvalidRecord

    add = partial(_add_in, ns=ns)
    root = etree.Element(f"{{{ns}}}IncidentReport", nsmap={None: ns}, schemaVersion=version)
    add_core(root, record, ns=ns)
    for note in record["notes"]:
        element = add(root, "SupplementalNote", number=str(note["number"]))
        add(element, "NoteDateTime", note["created"])
        add(element, "NoteText", note["text"])
    for request in record["information_requests"]:
        attrs = {"note": str(request["note"])} if request["note"] else {}
        element = add(root, "InformationRequest", **attrs)
        add(element, "RequestDateTime", request["asked_at"])
        add(element, "QuestionText", request["question"])
        if request["answered_at"]:
            add(element, "AnswerDateTime", request["answered_at"])
        if request["answer"] is not None:
            add(element, "AnswerText", request["answer"])
    for attachment in record["attachments"]:
        attrs = {"note": str(attachment["note"])} if attachment["note"] else {}
        element = add(root, "Attachment", **attrs)
        add(element, "BinaryDescriptionText", attachment["name"])
        add(element, "BinaryFormatText", attachment["content_type"])
        add(element, "BinarySizeValue", attachment["size"])
        add(element, "BinarySHA256", attachment["sha256"])
        add(element, "BinaryBase64Object", attachment["data"])
    if not validator.validate(root):
        raise InvalidRecord(_errors(validator))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _number(value):
    return int(value) if value else None


def parse(payload):
    """The record in ``payload``; refuses a DOCTYPE (entities), invalid XML or an invalid document."""
    return parse_in(payload, ns=NS, validator=schema(), schema_name="openreport.incident/2.0")


def parse_in(payload, *, ns, validator, schema_name):
    """The record of a 2.x document (namespace ``ns``), checked against its schema ``validator``."""
    root = load(payload, validator)
    text = partial(_text_of, ns=ns)
    record = read_core(root, ns=ns, schema_name=schema_name)
    record["notes"] = [
        {"number": int(n.get("number")), "created": text(n, "NoteDateTime"), "text": text(n, "NoteText")}
        for n in root.findall(f"{{{ns}}}SupplementalNote")
    ]
    record["information_requests"] = [
        {
            "asked_at": text(r, "RequestDateTime"),
            "question": text(r, "QuestionText"),
            "answered_at": text(r, "AnswerDateTime"),
            "answer": text(r, "AnswerText"),
            "note": _number(r.get("note")),
        }
        for r in root.findall(f"{{{ns}}}InformationRequest")
    ]
    record["attachments"] = [
        {
            "name": text(a, "BinaryDescriptionText"),
            "content_type": text(a, "BinaryFormatText"),
            "size": int(text(a, "BinarySizeValue")),
            "sha256": text(a, "BinarySHA256"),
            "note": _number(a.get("note")),
            "data": "".join(text(a, "BinaryBase64Object").split()),
        }
        for a in root.findall(f"{{{ns}}}Attachment")
    ]
    return record
