"""The canonical report dict of a report from each demo form."""

import datetime
import uuid
from decimal import Decimal

import pytest
from wagtail.models import Site

from forms_app.canonical import canonical_report
from forms_app.fields import address_answer
from forms_app.models import ReportFormPage
from forms_app.submission import create_report
from tests.factories import in_demo
from website.models import AgencySettings

pytestmark = pytest.mark.django_db

ITEM = {
    "description": "Laptop",
    "brand": "Dell",
    "model": "XPS 13",
    "serial_number": "SN-42",
    "value": Decimal("999.5"),
}


def sample(field):
    first_choice = field.choices.splitlines()[0] if field.choices else ""
    return {
        "date": datetime.date(2026, 11, 20),
        "time": datetime.time(14, 30),
        "postal_code": "L6H 2R4",
        "money": Decimal("120.00"),
        "phone": "905-555-0100",
        "email": "citizen@example.org",
        "upload": [],
        "property": [ITEM],
        "dropdown": first_choice,
        "radio": first_choice,
        "multiline": "It happened overnight.",
        "checkbox": True,
        "address": address_answer(
            street="Street address or nearest intersection answer",
            municipality="Town or city answer",
            postal_code="L6H 2R4",
        ),
    }.get(field.field_type, f"{field.label} answer")


def report_for(slug):
    page = in_demo(ReportFormPage).get(slug=slug)
    site = Site.objects.get(is_default_site=True)
    answers = {f.clean_name: sample(f) for f in page.get_form_fields()}
    return create_report(
        page=page,
        site=site,
        agency=AgencySettings.for_site(site),
        answers=answers,
        screening=[{"question": "Is anyone in danger?", "answer": "no"}],
        draft_key="none",
        token=uuid.uuid4(),
        language="fr",
    )


@pytest.mark.parametrize(
    "slug, code, status",
    [
        ("report-theft", "THEFT-UNDER", "STOLEN"),
        ("report-theft-from-vehicle", "THEFT-FROM-VEHICLE", "STOLEN"),
        ("report-damage", "MISCHIEF", "DAMAGED"),
        ("report-lost-property", "LOST-PROPERTY", "LOST"),
        ("report-fraud", "FRAUD-UNDER", None),
    ],
)
def test_every_demo_form_gives_a_complete_canonical_report(slug, code, status):
    report = report_for(slug)
    record = canonical_report(report)
    assert record["schema"] == "openreport.incident/1.0"
    assert record["reference"] == report.reference
    assert record["language"] == "fr"
    assert record["incident_type"]["code"] == code
    assert record["incident_type"]["ucr_code"].isdigit()
    assert record["occurred"]["from"].startswith("2026-11-20T")
    assert record["location"] == {
        "street": "Street address or nearest intersection answer",
        "municipality": "Town or city answer",
        "postal_code": "L6H 2R4",
        "description": "Where you think you lost it answer" if slug == "report-lost-property" else "",
    }
    assert record["reporter"]["first_name"] == "First name answer"
    assert record["reporter"]["last_name"] == "Last name answer"
    assert record["reporter"]["email"] == "citizen@example.org"
    assert record["reporter"]["phone"] == "905-555-0100"
    assert record["narrative"].startswith("It happened overnight.")
    assert record["screening"] == [{"question": "Is anyone in danger?", "answer": "no"}]
    if slug == "report-fraud":
        assert record["property"] == []
        assert record["total_loss"] == "120.00"
        assert record["fraud_method"] == "Phone call"
    else:
        assert record["property"] == [
            {
                "description": "Laptop",
                "brand": "Dell",
                "model": "XPS 13",
                "serial_number": "SN-42",
                "value": "999.50",
                "status": status,
            }
        ]


def test_vehicle_details_and_unmapped_answers_in_the_narrative():
    record = canonical_report(report_for("report-theft-from-vehicle"))
    assert record["vehicle"] == {
        "plate": "Licence plate answer",
        "province": "Ontario",
        "make": "Make answer",
        "model": "Model answer",
        "colour": "Colour answer",
    }
    assert record["narrative"] == "It happened overnight.\n\nWas the vehicle locked?: Yes"
    assert record["total_loss"] == "999.50"  # no amount asked: the sum of the items


def test_repair_cost_is_the_total_loss_of_a_damage_report():
    record = canonical_report(report_for("report-damage"))
    assert record["total_loss"] == "120.00"
    assert record["vehicle"] is None


def test_fraud_payment_method_goes_into_the_narrative():
    record = canonical_report(report_for("report-fraud"))
    assert "How did you pay?: Gift cards" in record["narrative"]
