"""Incident XML 1.0 (``rms_export/schemas/incident-1.0.xsd``), NIEM-style element names."""

import re
from functools import cache, partial
from pathlib import Path

from lxml import etree

from forms_app.canonical import canonical_report

NS = "urn:openreport:incident:1.0"
VERSION = "1.0"
record = canonical_report  # the record this format renders, from a report
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "incident-1.0.xsd"
CONTENT_TYPE = "application/xml"
EXTENSION = ".xml"


@cache
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser=_safe_parser()))


def _safe_parser():
    # No DTD, no entity expansion, no network: what XXE and billion-laughs payloads need.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


# Characters XML 1.0 cannot carry at all; a citizen may paste them without meaning to.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@cache
def _tag(name, ns=NS):
    return f"{{{ns}}}{name}"


def _add_in(parent, name, text=None, ns=NS, **attrs):
    # A batch export calls this some 35 times a report: no work it does not need.
    if attrs:
        element = etree.SubElement(parent, _tag(name, ns), {k: NOT_XML.sub("", v) for k, v in attrs.items()})
    else:
        element = etree.SubElement(parent, _tag(name, ns))
    if text is not None:
        element.text = NOT_XML.sub("", text if isinstance(text, str) else str(text))
    return element


_add = _add_in  # in version 1.0's namespace


def render(record):
    return render_in(record, ns=NS, version=VERSION, validator=schema())


def render_in(record, *, ns, version, validator):
    """The document of a 1.x version (namespace ``ns``), checked against its schema ``validator``."""
    from . import InvalidRecord

    add = partial(_add_in, ns=ns)
    root = etree.Element(f"{{{ns}}}IncidentReport", nsmap={None: ns}, schemaVersion=version)
    add_core(root, record, ns=ns)
    for attachment in record["attachments"]:
        element = add(root, "Attachment")
        add(element, "BinaryDescriptionText", attachment["name"])
        add(element, "BinaryFormatText", attachment["content_type"])
        add(element, "BinarySizeValue", attachment["size"])
        add(element, "BinarySHA256", attachment["sha256"])
    if not validator.validate(root):
        raise InvalidRecord(_errors(validator))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def add_core(root, record, ns=NS):
    """The elements versions 1.0 and 2.0 share, from ``DocumentIdentification`` to the screening
    answers, in the namespace ``ns``."""
    _add = partial(_add_in, ns=ns)
    _add(root, "DocumentIdentification", record["reference"])
    _add(root, "DocumentCreationDateTime", record["submitted_at"])
    _add(root, "LanguageCode", record["language"])
    _add(root, "AgencyName", record["agency"]["site"])
    incident = _add(root, "Incident")
    _add(incident, "ActivityIdentification", record["reference"])
    _add(incident, "ActivityCategoryCode", record["incident_type"]["code"])
    _add(incident, "ActivityCategoryText", record["incident_type"]["name"])
    when = _add(incident, "ActivityDate")
    if record["occurred"]["from"]:
        _add(when, "StartDateTime", record["occurred"]["from"])
    if record["occurred"]["to"]:
        _add(when, "EndDateTime", record["occurred"]["to"])
    location = _add(root, "Location")
    _add(location, "LocationStreetFullText", record["location"]["street"])
    _add(location, "LocationCityName", record["location"]["municipality"])
    _add(location, "LocationPostalCode", record["location"]["postal_code"])
    _add(location, "LocationDescriptionText", record["location"]["description"])
    if "address_id" in record["location"]:  # versions 1.1 and 2.1
        _add(location, "LocationAddressIdentification", record["location"]["address_id"])
        if record["location"]["point"]:
            point = _add(location, "LocationGeoCoordinate")
            _add(point, "GeographicCoordinateLatitude", repr(float(record["location"]["point"]["latitude"])))
            _add(point, "GeographicCoordinateLongitude", repr(float(record["location"]["point"]["longitude"])))
    offense = _add(root, "Offense")
    _add(offense, "OffenseUCRCode", record["incident_type"]["ucr_code"])
    _add(offense, "OffenseCategoryText", record["incident_type"]["rms_occurrence_type"])
    reporter = record["reporter"]
    person = _add(root, "Person")
    _add(person, "PersonRole", "Complainant")
    _add(person, "PersonRole", "Victim")
    _add(person, "PersonGivenName", reporter["first_name"])
    _add(person, "PersonSurName", reporter["last_name"])
    if reporter["birth_date"]:
        _add(person, "PersonBirthDate", reporter["birth_date"])
    _add(person, "ContactEmailID", reporter["email"])
    _add(person, "ContactTelephoneNumber", reporter["phone"])
    _add(person, "AddressFullText", reporter["address"])
    if record["vehicle"]:
        vehicle = _add(root, "Vehicle")
        for name, key in VEHICLE:
            _add(vehicle, name, record["vehicle"].get(key, ""))
    for item in record["property"]:
        element = _add(root, "Item")
        _add(element, "ItemDescriptionText", item["description"])
        _add(element, "ItemBrandName", item["brand"])
        _add(element, "ItemModelName", item["model"])
        _add(element, "ItemSerialIdentification", item["serial_number"])
        if item["value"] is not None:
            _add(element, "ItemValueAmount", item["value"])
        if item["status"]:
            _add(element, "ItemStatus", item["status"])
    if record["total_loss"] is not None:
        _add(root, "TotalLossAmount", record["total_loss"])
    _add(root, "SuspectDescriptionText", record["suspect_description"])
    _add(root, "FraudMethodText", record["fraud_method"])
    _add(root, "Narrative", record["narrative"])
    for answer in record["screening"]:
        _add(root, "ScreeningAnswer", answer["answer"], question=answer["question"])


VEHICLE = [
    ("VehicleLicensePlateID", "plate"),
    ("VehicleLicensePlateJurisdictionText", "province"),
    ("VehicleMakeName", "make"),
    ("VehicleModelName", "model"),
    ("VehicleColorText", "colour"),
]


def _errors(validator=None):
    return "; ".join(f"line {e.line}: {e.message}" for e in (validator or schema()).error_log)


def load(payload, validator):
    """The root of ``payload``, checked against the schema ``validator``; refuses a DOCTYPE
    (entities), invalid XML or an invalid document."""
    from . import InvalidRecord

    try:
        root = etree.fromstring(payload, parser=_safe_parser())
    except etree.XMLSyntaxError as error:
        raise InvalidRecord(f"not well-formed XML: {error}") from None
    if root.getroottree().docinfo.doctype:
        raise InvalidRecord("a DOCTYPE is not allowed")
    if not validator.validate(root):
        raise InvalidRecord(_errors(validator))
    return root


def parse(payload):
    """The record in ``payload``; refuses a DOCTYPE (entities), invalid XML or an invalid document."""
    return parse_in(payload, ns=NS, validator=schema(), schema_name="openreport.incident/1.0")


def parse_in(payload, *, ns, validator, schema_name):
    """The record of a 1.x document (namespace ``ns``), checked against its schema ``validator``."""
    root = load(payload, validator)
    record = read_core(root, ns=ns, schema_name=schema_name)
    text = partial(_text_of, ns=ns)
    record["attachments"] = [
        {
            "name": text(a, "BinaryDescriptionText"),
            "content_type": text(a, "BinaryFormatText"),
            "size": int(text(a, "BinarySizeValue")),
            "sha256": text(a, "BinarySHA256"),
        }
        for a in root.findall(f"{{{ns}}}Attachment")
    ]
    return record


def _text_of(parent, name, ns=NS):
    element = parent.find(f"{{{ns}}}{name}")
    return None if element is None else (element.text or "")


def read_core(root, ns=NS, schema_name="openreport.incident/1.0"):
    """The record's fields versions 1.0 and 2.0 share, read from ``root`` (namespace ``ns``)."""
    text = partial(_text_of, ns=ns)

    def child(name):
        return root.find(f"{{{ns}}}{name}")

    incident, location, offense, person = child("Incident"), child("Location"), child("Offense"), child("Person")
    when = incident.find(f"{{{ns}}}ActivityDate")
    vehicle = child("Vehicle")
    record = {
        "schema": schema_name,
        "reference": text(root, "DocumentIdentification"),
        "submitted_at": text(root, "DocumentCreationDateTime"),
        "language": text(root, "LanguageCode"),
        "agency": {"site": text(root, "AgencyName")},
        "incident_type": {
            "code": text(incident, "ActivityCategoryCode"),
            "name": text(incident, "ActivityCategoryText"),
            "ucr_code": text(offense, "OffenseUCRCode"),
            "rms_occurrence_type": text(offense, "OffenseCategoryText"),
        },
        "occurred": {"from": text(when, "StartDateTime"), "to": text(when, "EndDateTime")},
        "location": {
            "street": text(location, "LocationStreetFullText"),
            "municipality": text(location, "LocationCityName"),
            "postal_code": text(location, "LocationPostalCode"),
            "description": text(location, "LocationDescriptionText"),
        },
        "reporter": {
            "first_name": text(person, "PersonGivenName"),
            "last_name": text(person, "PersonSurName"),
            "email": text(person, "ContactEmailID"),
            "phone": text(person, "ContactTelephoneNumber"),
            "address": text(person, "AddressFullText"),
            "birth_date": text(person, "PersonBirthDate"),
        },
        "vehicle": {key: text(vehicle, name) for name, key in VEHICLE} if vehicle is not None else None,
        "suspect_description": text(root, "SuspectDescriptionText"),
        "fraud_method": text(root, "FraudMethodText"),
        "property": [
            {
                "description": text(item, "ItemDescriptionText"),
                "brand": text(item, "ItemBrandName"),
                "model": text(item, "ItemModelName"),
                "serial_number": text(item, "ItemSerialIdentification"),
                "value": text(item, "ItemValueAmount"),
                "status": text(item, "ItemStatus"),
            }
            for item in root.findall(f"{{{ns}}}Item")
        ],
        "total_loss": text(root, "TotalLossAmount"),
        "narrative": text(root, "Narrative"),
        "screening": [
            {"question": e.get("question"), "answer": e.text or ""} for e in root.findall(f"{{{ns}}}ScreeningAnswer")
        ],
    }
    if location.find(f"{{{ns}}}LocationAddressIdentification") is not None:  # versions 1.1 and 2.1
        record["location"]["address_id"] = text(location, "LocationAddressIdentification")
        point = location.find(f"{{{ns}}}LocationGeoCoordinate")
        record["location"]["point"] = (
            {
                "latitude": float(text(point, "GeographicCoordinateLatitude")),
                "longitude": float(text(point, "GeographicCoordinateLongitude")),
            }
            if point is not None
            else None
        )
    return record
