"""The canonical record is language-free: the same report gives the same record, XML and JSON
whoever builds it (in eager mode, the supervisor who approves it), and every answer the form
did not map reaches the narrative."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import translation
from wagtail.models import Site

from forms_app.canonical import canonical_report
from forms_app.fields import address_answer
from forms_app.models import Attachment, ReportFormField, ReportFormPage
from forms_app.submission import create_report
from rms_export.formats import json_format, xml_format
from tests.factories import in_demo
from website.models import AgencySettings

from .conftest import jpeg
from .test_canonical import ITEM, report_for

pytestmark = pytest.mark.django_db

# One unmapped field of every field type a form can have, with the cleaned answer the form gives
# and the language-free text the narrative must carry for it.
UNMAPPED = [
    ("singleline", "Nickname", "", "Bike thief", "Bike thief"),
    ("multiline", "Anything else", "", "Two lines\r\nof text", "Two lines\nof text"),
    ("email", "Other email", "", "other@example.org", "other@example.org"),
    ("number", "How many", "", Decimal("1250.5"), "1250.5"),
    ("url", "Listing", "", "https://example.org/ad", "https://example.org/ad"),
    ("checkbox", "Insured", "", True, "yes"),
    ("checkbox", "Alarm on", "", False, "no"),
    ("checkboxes", "Rooms", "Kitchen\nGarage\nYard", ["Kitchen", "Garage"], "Kitchen; Garage"),
    ("dropdown", "Floor", "Ground\nUpper", "Upper", "Upper"),
    ("multiselect", "Doors", "Front\nBack", ["Front", "Back"], "Front; Back"),
    ("radio", "Witnessed", "Yes\nNo", "No", "No"),
    ("date", "Date noticed", "", datetime.date(2026, 11, 21), "2026-11-21"),
    ("datetime", "Last seen", "", datetime.datetime(2026, 11, 19, 22, 15, tzinfo=datetime.UTC), "2026-11-19T22:15:00Z"),
    ("hidden", "Campaign", "", "spring-flyer", "spring-flyer"),
    ("time", "Time noticed", "", datetime.time(7, 5), "07:05"),
    ("postal_code", "Work postal code", "", "L6J 1H8", "L6J 1H8"),
    ("money", "Insurance deductible", "", Decimal("1250.50"), "1250.50"),
    ("phone", "Work phone", "", "905-555-0111", "905-555-0111"),
    ("upload", "Receipts", "", "FILES", "receipt.jpg; invoice.jpg"),
    (
        "address",
        "Where the car was parked",
        "",
        {**address_answer(street="12 Main St", municipality="Oakville"), "description": "behind the library"},
        "12 Main St, Oakville; behind the library",
    ),
    (
        "property",
        "Other items",
        "",
        [ITEM, {"description": "Helmet", "value": ""}],
        "Laptop (brand: Dell, model: XPS 13, serial_number: SN-42, value: 999.50); Helmet",
    ),
]


def report_with_every_unmapped_type(language="fr"):
    page = in_demo(ReportFormPage).get(slug="report-theft")
    start = page.form_fields.count()
    for n, (field_type, label, choices, _value, _text) in enumerate(UNMAPPED):
        ReportFormField.objects.create(
            page=page, sort_order=start + n, label=label, field_type=field_type, choices=choices, required=False
        )
    page = ReportFormPage.objects.get(pk=page.pk)
    draft_key = uuid.uuid4().hex
    files = [
        Attachment.store(jpeg(name), "image/jpeg", draft_key=draft_key, field_name="receipts").pk
        for name in ("receipt.jpg", "invoice.jpg")
    ]
    answers = {
        "date_it_happened": datetime.date(2026, 11, 20),
        "street_address_or_nearest_intersection": "123 Lakeshore Rd E",
        "town_or_city": "Oakville",
        "what_happened": "My bicycle was taken.",
        "last_name": "Tremblay",
        "email_address": "jean@example.org",
        "stolen_items": [ITEM],
        "photos_or_documents": [],
    }
    by_label = {f.label: f.clean_name for f in page.get_form_fields()}
    for _type, label, _choices, value, _text in UNMAPPED:
        answers[by_label[label]] = files if value == "FILES" else value
    site = Site.objects.get(is_default_site=True)
    return create_report(
        page=page,
        site=site,
        agency=AgencySettings.for_site(site),
        answers=answers,
        screening=[],
        draft_key=draft_key,
        token=uuid.uuid4(),
        language=language,
    )


def test_every_unmapped_answer_of_every_field_type_reaches_the_narrative():
    narrative = canonical_report(report_with_every_unmapped_type())["narrative"]
    lines = narrative.split("\n\n", 1)[1].splitlines()
    expected = [f"{label}: {text}" for _type, label, _choices, _value, text in UNMAPPED if "\n" not in text]
    for line in expected:
        assert line in lines, f"{line!r} missing from the narrative:\n{narrative}"
    assert "Anything else: Two lines\nof text" in narrative


@pytest.mark.parametrize("slug", ["every-type", "report-theft", "report-theft-from-vehicle", "report-fraud"])
def test_the_record_xml_and_json_are_the_same_whatever_the_language_in_use(slug):
    report = report_with_every_unmapped_type() if slug == "every-type" else report_for(slug)

    def outputs(language):
        with translation.override(language):
            record = canonical_report(report)
            return repr(record), xml_format.render(record), json_format.render(record)

    english, french = outputs("en"), outputs("fr")
    assert english[0] == french[0]
    assert english[1] == french[1]
    assert english[2] == french[2]
    # Nothing in the narrative is formatted for a reader: no currency sign, decimal comma, "a.m.".
    narrative = canonical_report(report)["narrative"]
    assert [mark for mark in ("$", ",50", "a.m.", "Oui", "Nov.") if mark in narrative] == []
