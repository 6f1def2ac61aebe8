"""``manage.py rms_export`` and the analysts' CSV/XLSX: what goes out, and what stays out."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from rms_export.formats import json_format, xml_format
from rms_export.resources import PERSONAL
from tests.forms_app.test_canonical import report_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    return [report_for(slug) for slug in ("report-theft", "report-fraud", "report-theft-from-vehicle")]


def run(*args):
    out = io.StringIO()
    call_command("rms_export", *args, "--quiet", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt, module", [("xml", xml_format), ("json", json_format)])
def test_one_valid_document_per_report(tmp_path, reports, fmt, module):
    assert "Exported 3 report(s)" in run("--format", fmt, "--out", str(tmp_path))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(f"{r.reference}.{fmt}" for r in reports)
    for report in reports:
        assert module.parse((tmp_path / f"{report.reference}.{fmt}").read_bytes())["reference"] == report.reference


@pytest.mark.parametrize("fmt, module", [("xml", xml_format), ("json", json_format)])
def test_the_same_documents_in_one_zip_archive(tmp_path, reports, fmt, module):
    from forms_app.canonical import canonical_report
    from forms_app.models import Report

    assert "Exported 3 report(s)" in run("--format", fmt, "--zip", "--out", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == [f"reports-{fmt}.zip"]
    with zipfile.ZipFile(tmp_path / f"reports-{fmt}.zip") as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(f"{r.reference}.{fmt}" for r in reports)
        for report in reports:
            # The record as the outbox would send it: incident type, agency and attachments included.
            document = module.parse(archive.read(f"{report.reference}.{fmt}"))
            stored = Report.objects.get(pk=report.pk)
            assert document == module.parse(module.render(canonical_report(stored)))


def test_csv_leaves_personal_fields_out_unless_asked(tmp_path, reports):
    run("--format", "csv", "--out", str(tmp_path / "plain"))
    rows = list(csv.DictReader((tmp_path / "plain" / "reports.csv").open()))
    assert len(rows) == 3
    assert not set(PERSONAL) & set(rows[0])
    assert rows[0]["postal_area"] == "L6H"
    assert "citizen@example.org" not in (tmp_path / "plain" / "reports.csv").read_text()

    run("--format", "csv", "--out", str(tmp_path / "full"), "--personal")
    rows = list(csv.DictReader((tmp_path / "full" / "reports.csv").open()))
    assert rows[0]["reporter_email"] == "citizen@example.org"
    assert rows[0]["reporter_last_name"] == "Last name answer"


def test_xlsx_filters_by_incident_type(tmp_path, reports):
    assert "Exported 1 report(s)" in run("--format", "xlsx", "--out", str(tmp_path), "--incident-type", "FRAUD-UNDER")
    sheet = load_workbook(tmp_path / "reports.xlsx").active
    rows = list(sheet.values)
    assert rows[0][0] == "reference"
    assert [row[2] for row in rows[1:]] == ["FRAUD-UNDER"]


def test_an_unwritable_directory_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(Exception, match="Cannot write to"):
        run("--format", "csv", "--out", str(blocker / "sub"))


def test_supervisors_export_their_agency_from_the_admin_and_it_is_recorded(client, reports):
    from django.contrib.auth import get_user_model

    from website.models import AuditEvent

    url = "/admin/reports/analyst-export/"
    client.force_login(get_user_model().objects.get(username="comms"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(get_user_model().objects.get(username="supervisor"))
    assert client.get(url).status_code == 200
    response = client.get(url, {"file_format": "csv", "status": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert all(r.reference in text for r in reports)
    assert "citizen@example.org" not in text
    response = client.get(url, {"file_format": "csv", "personal": "on"})
    assert "citizen@example.org" in response.content.decode()
    events = AuditEvent.objects.filter(action="export", target_id=None).values_list("outcome", flat=True)
    assert sorted(events) == ["with personal data", "without personal data"]


@pytest.mark.parametrize("fmt", ["xml", "csv"])
def test_the_number_of_queries_does_not_grow_with_the_reports(tmp_path, fmt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count, out):
        for _ in range(count):
            report_for("report-theft")
        with CaptureQueriesContext(connection) as captured:
            run("--format", fmt, "--out", str(tmp_path / out))
        return len(captured)

    assert queries(1, "one") == queries(3, "four")
