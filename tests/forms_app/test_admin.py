"""Communications staff build report forms and manage incident types in the Wagtail admin."""

import io
import re

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from forms_app.canonical import canonical_report
from forms_app.models import IncidentType, Report, ReportFormPage
from forms_app.resources import IncidentTypeResource
from tests.factories import as_served, demo_home, in_demo

FIELDS = [
    ("Date", "date", "occurred_from"),
    ("Where", "postal_code", "location_postal_code"),
    ("Story", "multiline", "narrative"),
    ("Email", "email", "reporter_email"),
    ("Surname", "singleline", "reporter_last_name"),
]


def field_rows(fields):
    return [
        {
            "label": label,
            "help_text": "",
            "required": "on",
            "field_type": field_type,
            "rms_element": element,
            "choices": "",
            "default_value": "",
            "max_file_mb": "10",
            "max_files": "5",
        }
        for label, field_type, element in fields
    ]


def page_data(fields, publish=True, slug="report-bicycle-theft"):
    data = {
        "title": "Report a bicycle theft",
        "slug": slug,
        "intro": rich_text("<p>For stolen bicycles.</p>"),
        "reportable_text": rich_text(""),
        "incident_type": str(IncidentType.objects.get(code="THEFT-UNDER").pk),
        "screening_questions": inline_formset(
            [
                {
                    "question": "Is anyone in danger?",
                    "stop_answer": "yes",
                    "stop_action": "call_911",
                    "kind": "emergency",
                    "stop_message": "Call 911.",
                }
            ]
        ),
        "form_fields": inline_formset(field_rows(fields)),
        "receipt_text": rich_text(""),
        "email_text": "",
    }
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


class ReportFormAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(get_user_model().objects.get(username="comms"))
        self.home = demo_home()
        self.add_url = f"/admin/pages/add/forms_app/reportformpage/{self.home.pk}/"

    def test_a_new_form_starts_with_the_four_standard_screening_questions(self):
        response = self.client.get(self.add_url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for question in [
            "Is anyone in danger, or is the crime still happening?",
            "Do you know who did it, or can you describe or identify a suspect?",
            "Did it happen in our region?",
            "Is the total value of the loss or damage more than {limit}?",  # the type's limit, when asked
        ]:
            self.assertIn(question, html)

    def test_comms_builds_maps_and_publishes_a_form_that_citizens_can_open(self):
        response = self.client.post(self.add_url, page_data(FIELDS))
        self.assertEqual(response.status_code, 302)
        page = in_demo(ReportFormPage).get(slug="report-bicycle-theft")
        self.assertTrue(page.live)
        self.assertEqual([(f.label, f.rms_element) for f in page.get_form_fields()], [(f[0], f[2]) for f in FIELDS])
        self.assertEqual(page.unmapped_requirements(), [])
        self.client.logout()
        self.assertContains(self.client.get("/"), "Report a bicycle theft")
        self.assertContains(self.client.get("/report-bicycle-theft/"), "Is anyone in danger?")

        # A citizen completes the new form, end to end (its addresses as its own site links them).
        page = as_served(page)
        question = page.screening_questions.get()
        self.assertRedirects(
            self.client.post(page.url, {f"q{question.pk}": "no"}), page.url + "details/", fetch_redirect_response=False
        )
        answers = {"date": "2026-11-01", "where": "L7L 5Z9", "story": "Bike gone.", "email": "a@example.org"}
        response = self.client.post(page.url + "details/", {**answers, "surname": "Roy"})
        self.assertRedirects(response, page.url + "check/", fetch_redirect_response=False)
        token = re.search(r'name="token" value="([^"]+)"', self.client.get(page.url + "check/").content.decode())
        self.client.post(page.url + "check/", {"token": token.group(1)})
        report = Report.objects.get(page=page)
        record = canonical_report(report)
        self.assertEqual(record["reporter"]["last_name"], "Roy")
        self.assertEqual(record["location"]["postal_code"], "L7L 5Z9")
        self.assertEqual(record["narrative"], "Bike gone.")
        self.assertEqual(record["incident_type"]["code"], "THEFT-UNDER")

    def test_publishing_is_refused_while_required_elements_are_unmapped(self):
        fields = [("Date", "date", "occurred_from"), ("Story", "multiline", ""), ("Email", "email", "")]
        response = self.client.post(self.add_url, page_data(fields))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("This form cannot be published until fields are mapped to:", html)
        self.assertIn("where it happened (an address, a postal code or a municipality)", html)
        self.assertIn("what happened (narrative)", html)
        self.assertIn("the reporter&#x27;s email", html)
        self.assertFalse(in_demo(ReportFormPage).filter(slug="report-bicycle-theft").exists())

        # A draft may be saved half-mapped; only publishing is refused.
        response = self.client.post(self.add_url, page_data(fields, publish=False))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(in_demo(ReportFormPage).get(slug="report-bicycle-theft").live)

    def test_an_element_can_fill_only_one_field(self):
        fields = [*FIELDS, ("Other email", "email", "reporter_email")]
        response = self.client.post(self.add_url, page_data(fields))
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Each RMS element can fill only one field. Used twice: Reporter: email.", response.content.decode()
        )


@pytest.mark.django_db
def test_incident_types_round_trip_through_csv_and_xlsx():
    resource = IncidentTypeResource()
    before = list(IncidentType.objects.values().order_by("code"))
    for file_format in ("csv", "xlsx"):
        exported = resource.export().export(file_format)
        IncidentType.objects.update(name="changed", active=False)
        dataset = tablib.Dataset().load(exported, format=file_format)
        result = resource.import_data(dataset, dry_run=False)
        assert not result.has_errors() and not result.has_validation_errors()
        assert list(IncidentType.objects.values().order_by("code")) == before


@pytest.mark.django_db
def test_staff_export_and_import_in_the_admin(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    base = "/admin/snippets/forms_app/incidenttype/"
    exported = client.get(base + "export/csv/")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="incident-types.csv"'
    assert b"THEFT-UNDER" in exported.content
    listing = client.get(base).content.decode()
    assert "Import" in listing and "Export CSV" in listing

    csv = exported.content.decode().replace("Lost property,", "Lost or found property,")
    csv += "BIKE-THEFT,Bicycle theft,Vol de vélo,,2140,Theft $5000 or under,STOLEN,5000.00,2,1\r\n"
    upload = SimpleUploadedFile("types.csv", csv.encode(), content_type="text/csv")
    response = client.post(base + "import/", {"file": upload})
    assert response.status_code == 302
    assert IncidentType.objects.get(code="LOST-PROPERTY").name == "Lost or found property"
    assert IncidentType.objects.get(code="BIKE-THEFT").ucr_code == "2140"
    assert IncidentType.objects.get(code="BIKE-THEFT").name_fr == "Vol de vélo"


@pytest.mark.django_db
def test_staff_working_in_french_read_incident_types_in_french():
    from django.utils import translation

    theft = IncidentType.objects.get(code="THEFT-UNDER")
    assert str(theft) == "Theft under $5,000"
    with translation.override("fr"):
        assert str(theft) == "Vol de 5 000 $ ou moins"
        theft.name_fr = ""
        assert str(theft) == "Theft under $5,000"  # no French name: the English one


@pytest.mark.django_db
def test_a_bad_import_changes_nothing_and_names_the_row(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    csv = "code,name,description,ucr_code,rms_occurrence_type,property_status,property_value_limit,active\r\n"
    csv += "GOOD-ONE,Good,,2140,Theft,STOLEN,100,1\r\nbad code,Bad,,21,Theft,STOLEN,100,1\r\n"
    upload = SimpleUploadedFile("types.csv", io.BytesIO(csv.encode()).read(), content_type="text/csv")
    response = client.post("/admin/snippets/forms_app/incidenttype/import/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "Row 2" in html
    assert not IncidentType.objects.filter(code="GOOD-ONE").exists()


@pytest.mark.django_db
def test_import_refuses_a_file_it_cannot_use(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    upload = SimpleUploadedFile("types.txt", b"hello", content_type="text/plain")
    html = client.post("/admin/snippets/forms_app/incidenttype/import/", {"file": upload}).content.decode()
    assert "Choose a .csv or .xlsx file." in html


@pytest.mark.django_db
def test_reports_are_not_listed_with_generic_form_submissions(client):
    theft_page = in_demo(ReportFormPage).get(slug="report-theft")
    from .conftest import check_token, fill_details, pass_screening

    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    client.force_login(get_user_model().objects.get(username="admin"))
    listing = client.get("/admin/forms/")
    assert "Report a theft under $5,000" not in listing.content.decode()
    assert client.get(f"/admin/forms/submissions/{theft_page.pk}/").status_code in (403, 302, 404)


@pytest.mark.django_db
def test_no_way_of_publishing_lets_an_unmapped_form_go_live(home):
    from django.core.exceptions import ValidationError

    from forms_app.models import ReportFormField

    page = ReportFormPage(
        title="Half built",
        slug="half-built",
        incident_type=IncidentType.objects.first(),
        form_fields=[ReportFormField(label="Story", field_type="multiline", rms_element="narrative")],
    )
    page.live = False
    home.add_child(instance=page)
    revision = page.save_revision()
    with pytest.raises(ValidationError, match="cannot be published until fields are mapped"):
        revision.publish()
    page.refresh_from_db()
    assert not page.live


@pytest.mark.django_db
def test_comms_see_counts_per_form_but_not_report_contents(client):
    from .conftest import check_token, fill_details, pass_screening

    theft_page = in_demo(ReportFormPage).get(slug="report-theft")
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    names = list(dict.fromkeys(re.findall(r'name="(q\d+)"', client.get(theft_page.url).content.decode())))
    client.post(theft_page.url, dict.fromkeys(names, "yes"))  # stopped: in danger
    client.force_login(get_user_model().objects.get(username="comms"))
    response = client.get("/admin/reports/online-report-counts/")
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r"<th scope=\"row\">Report a theft under \$5,000</th>(.*?)</tr>", html, re.S).group(1)
    # One column a status (submitted... closed, referred), then the total, the people stopped, and
    # the reports saved to finish later and resumed.
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "0", "0", "0", "0", "0", "0", "0", "1", "1", "0", "0"]
    report = Report.objects.get()
    assert report.reference not in html and "Tremblay" not in html
