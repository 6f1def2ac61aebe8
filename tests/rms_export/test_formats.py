"""Incident XML and JSON: every demo form's report validates and round-trips without loss;
hostile or invalid payloads are refused."""

import copy

import pytest

from forms_app.canonical import canonical_report
from rms_export.formats import InvalidRecord, json_format, registry, xml_format
from tests.forms_app.test_canonical import report_for

pytestmark = pytest.mark.django_db

DEMO_FORMS = ["report-theft", "report-theft-from-vehicle", "report-damage", "report-lost-property", "report-fraud"]


@pytest.mark.parametrize("slug", DEMO_FORMS)
@pytest.mark.parametrize("format_id", ["xml", "json"])
def test_every_demo_report_validates_and_round_trips(slug, format_id):
    record = canonical_report(report_for(slug))
    fmt = registry[format_id]
    payload = fmt.render(record)
    assert fmt.parse(payload) == record


def test_xml_uses_the_niem_style_elements():
    payload = xml_format.render(canonical_report(report_for("report-theft"))).decode()
    for element in (
        "<ActivityIdentification>",
        "<ActivityDate>",
        "<OffenseUCRCode>2140</OffenseUCRCode>",
        "<PersonRole>Complainant</PersonRole>",
        "<PersonRole>Victim</PersonRole>",
        "<ItemStatus>STOLEN</ItemStatus>",
        "<ItemSerialIdentification>SN-42</ItemSerialIdentification>",
        "<Narrative>",
    ):
        assert element in payload


def test_text_with_characters_xml_cannot_carry_is_cleaned_not_refused():
    record = canonical_report(report_for("report-theft"))
    record["narrative"] = "Line one\x0bwith a vertical tab"
    assert xml_format.parse(xml_format.render(record))["narrative"] == "Line onewith a vertical tab"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE IncidentReport [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<IncidentReport xmlns="urn:openreport:incident:1.0" schemaVersion="1.0">
<DocumentIdentification>&xxe;</DocumentIdentification></IncidentReport>"""


def test_an_xxe_payload_is_refused_and_nothing_is_read():
    with pytest.raises(InvalidRecord) as error:
        xml_format.parse(XXE)
    assert "root:" not in str(error.value)


def test_a_billion_laughs_payload_is_refused():
    laughs = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
    <IncidentReport xmlns="urn:openreport:incident:1.0" schemaVersion="1.0">&lol2;</IncidentReport>"""
    with pytest.raises(InvalidRecord):
        xml_format.parse(laughs)


@pytest.mark.parametrize("format_id", ["xml", "json"])
def test_an_invalid_record_is_refused_with_where_it_is_wrong(format_id):
    record = canonical_report(report_for("report-theft"))
    bad = copy.deepcopy(record)
    bad["incident_type"]["ucr_code"] = "21"
    with pytest.raises(InvalidRecord) as error:
        registry[format_id].render(bad)
    assert "21" in str(error.value) or "ucr_code" in str(error.value)


def test_json_refuses_unknown_fields_and_broken_payloads():
    record = canonical_report(report_for("report-fraud"))
    record["extra"] = "x"
    with pytest.raises(InvalidRecord, match="Additional properties"):
        json_format.render(record)
    with pytest.raises(InvalidRecord, match="not valid JSON"):
        json_format.parse(b"{not json")
