"""One reader of a report's answers: ``Report.answers()``, with field types as an enum. The staff
screen, the email, the PDF, the canonical record and the analysts' export all read through it."""

from decimal import Decimal

import pytest

from forms_app.answers import FieldType, ReportAnswer
from forms_app.canonical import canonical_report
from forms_app.emails import answer_rows
from forms_app.mapping import Element
from forms_app.models import Report, ReportFormField
from rms_export.resources import ReportResource

from .test_canonical import ITEM, report_for

pytestmark = pytest.mark.django_db


def test_field_types_are_an_enum_the_form_field_model_chooses_from():
    assert ReportFormField._meta.get_field("field_type").choices == FieldType.choices
    assert {"singleline", "checkbox", "hidden", "money", "upload", "property"} <= set(FieldType.values)


def test_a_report_reads_its_answers_as_typed_answers_in_the_forms_order():
    report = report_for("report-damage")
    answers = report.answers()
    assert [a.name for a in answers] == [f["name"] for f in report.field_snapshot]
    assert all(isinstance(a, ReportAnswer) and isinstance(a.type, FieldType) for a in answers)
    cost = next(a for a in answers if a.label == "Estimated cost of repairs")
    assert (cost.type, cost.element, cost.value) == (FieldType.MONEY, Element.TOTAL_LOSS, "120.00")
    assert cost.is_mapped and not cost.is_empty
    assert report.answer_for(Element.LOCATION_STREET).value == "Street address or nearest intersection answer"
    assert report.answer_for(Element.VEHICLE_PLATE) is None


def test_every_reader_reads_through_report_answers(monkeypatch):
    report = report_for("report-theft")
    original = Report.answers

    def changed(self):
        # What the readers see comes from here, not from form_data: change it here only.
        result = []
        for answer in original(self):
            if answer.element == Element.LOCATION_STREET:
                answer = ReportAnswer(answer.name, answer.label, answer.type, answer.element, "1 Changed St")
            if answer.type == FieldType.PROPERTY:
                item = {**ITEM, "description": "Changed item", "value": Decimal("5")}
                answer = ReportAnswer(answer.name, answer.label, answer.type, answer.element, [item])
            result.append(answer)
        return result

    monkeypatch.setattr(Report, "answers", changed)
    assert canonical_report(report)["location"]["street"] == "1 Changed St"
    assert canonical_report(report)["property"][0]["description"] == "Changed item"
    assert ("Street address or nearest intersection", "1 Changed St") in answer_rows(report)  # email, PDF
    row = ReportResource(personal=True).export(Report.objects.filter(pk=report.pk)).dict[0]
    assert row["street"] == "1 Changed St"

    from workflows.views import property_items

    assert [item["description"] for item in property_items(report)] == ["Changed item"]


def test_the_staff_screen_groups_the_answers_by_their_element():
    from workflows.views import answer_sections

    sections = dict(answer_sections(report_for("report-theft-from-vehicle")))
    assert ("Licence plate", "Licence plate answer") in sections["Vehicle"]
    assert ("Was the vehicle locked?", "Yes") in sections["Other answers"]
