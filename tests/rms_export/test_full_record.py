"""Incident record 2.0: the report with its files (base64, checked by SHA-256), the citizen's
later notes and staff's requests for information with the answers. The reference receiver
takes 2.0 and still takes 1.0; new destinations get 2.0, existing ones keep theirs."""

import base64
import hashlib
import io
import json
import threading

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile

from forms_app.canonical import canonical_report, full_report
from forms_app.history import change_status
from forms_app.models import Attachment, ReportStatus
from forms_app.status import add_note
from rms_export import outbox
from rms_export.formats import InvalidRecord, json2_format, json_format, registry, xml2_format, xml_format
from rms_export.models import Delivery, DeliveryStatus, Destination
from rms_export.receiver import ReceiverServer
from tests.factories import make_agency, make_report
from tests.forms_app.conftest import jpeg
from tests.forms_app.test_canonical import report_for

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def report():
    """A report with a photo, a question from staff answered with a note and a receipt, and a
    later note of the citizen's own."""
    report = make_report()
    photo = jpeg("bike.jpg")
    Attachment.store(photo, "image/jpeg", field_name="photos", report=report)
    change_status(report, ReportStatus.INFO_REQUESTED, public_message="Where was the bike locked?")
    add_note(
        report,
        "To the rack by the side door.",
        [(SimpleUploadedFile("receipt.png", PNG, content_type="image/png"), "image/png")],
    )
    add_note(report, "I remembered the serial number: WTU123456.", [])
    return report


def test_the_record_carries_every_file_verifiable_by_its_sha256(report):
    record = full_report(report)
    assert record["schema"] == "openreport.incident/2.0"
    photo, receipt = record["attachments"]
    for listed in (photo, receipt):
        data = base64.b64decode(listed["data"], validate=True)
        assert len(data) == listed["size"]
        assert hashlib.sha256(data).hexdigest() == listed["sha256"]
    assert (photo["name"], photo["content_type"], photo["note"]) == ("bike.jpg", "image/jpeg", None)
    assert (receipt["name"], receipt["note"]) == ("receipt.png", 1)
    assert base64.b64decode(receipt["data"]) == PNG


def test_the_record_carries_the_notes_and_the_question_with_its_answer(report):
    record = full_report(report)
    assert [(n["number"], n["text"]) for n in record["notes"]] == [
        (1, "To the rack by the side door."),
        (2, "I remembered the serial number: WTU123456."),
    ]
    (request,) = record["information_requests"]
    assert request["question"] == "Where was the bike locked?"
    assert (request["answer"], request["note"]) == ("To the rack by the side door.", 1)
    assert request["answered_at"] == record["notes"][0]["created"]


def test_a_question_not_answered_yet_is_in_the_record_without_an_answer():
    report = make_report()
    change_status(report, ReportStatus.INFO_REQUESTED, public_message="Which colour was it?")
    (request,) = full_report(report)["information_requests"]
    assert (request["question"], request["answer"], request["answered_at"], request["note"]) == (
        "Which colour was it?",
        None,
        None,
        None,
    )


def test_staff_internal_notes_stay_out_of_the_record():
    report = make_report()
    change_status(report, ReportStatus.IN_REVIEW, note="Colleague says: check the camera first.")
    payload = xml2_format.render(full_report(report)).decode()
    assert "camera" not in payload


@pytest.mark.parametrize(
    "slug", ["report-theft", "report-theft-from-vehicle", "report-damage", "report-lost-property", "report-fraud"]
)
@pytest.mark.parametrize("format_id", ["xml2", "json2"])
def test_every_demo_report_validates_and_round_trips_in_version_2(slug, format_id):
    fmt = registry[format_id]
    record = fmt.record(report_for(slug))
    assert fmt.parse(fmt.render(record)) == record


def test_the_bulk_export_writes_version_2_documents_with_their_files(tmp_path, report):
    from django.core.management import call_command

    call_command("rms_export", "--format", "xml2", "--out", str(tmp_path), "--quiet", stdout=io.StringIO())
    document = xml2_format.parse((tmp_path / f"{report.reference}.xml").read_bytes())
    assert base64.b64decode(document["attachments"][1]["data"]) == PNG
    assert document["information_requests"][0]["answer"] == "To the rack by the side door."


@pytest.mark.parametrize("module", [xml2_format, json2_format])
def test_version_2_validates_against_its_schema_and_round_trips(report, module):
    record = full_report(report)
    payload = module.render(record)
    assert module.parse(payload) == record


def test_the_xml_says_its_version_and_uses_niem_style_file_elements(report):
    payload = xml2_format.render(full_report(report)).decode()
    assert 'xmlns="urn:openreport:incident:2.0"' in payload
    assert 'schemaVersion="2.0"' in payload
    for element in ("<BinaryBase64Object>", "<SupplementalNote number=", "<InformationRequest note=", "<QuestionText>"):
        assert element in payload


@pytest.mark.parametrize("module", [xml2_format, json2_format])
def test_version_2_refuses_a_file_without_its_content(report, module):
    record = full_report(report)
    del record["attachments"][0]["data"]
    with pytest.raises((InvalidRecord, KeyError)):
        module.render(record)


def test_version_1_stays_as_it_was(report):
    record = canonical_report(report)
    assert record["schema"] == "openreport.incident/1.0"
    assert "notes" not in record and "data" not in record["attachments"][0]
    assert xml_format.parse(xml_format.render(record)) == record


@pytest.fixture
def receiver(tmp_path):
    server = ReceiverServer(("127.0.0.1", 0), tmp_path / "rms")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/incidents"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def post(server, key, payload, content_type):
    return requests.post(
        server.url, data=payload, headers={"Idempotency-Key": key, "Content-Type": content_type}, timeout=10
    )


@pytest.mark.parametrize("format_id", ["xml2", "json2"])
def test_the_receiver_takes_version_2_and_keeps_its_files(receiver, report, format_id):
    fmt = registry[format_id]
    response = post(receiver, report.reference, fmt.render(fmt.record(report)), fmt.CONTENT_TYPE)
    assert response.status_code == 201
    case_number = response.json()["case_number"]
    files = sorted(receiver.store.files_of(case_number).iterdir())
    assert [f.name for f in files] == ["01-bike.jpg", "02-receipt.png"]
    assert files[1].read_bytes() == PNG
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == report.attachments.first().sha256


@pytest.mark.parametrize("format_id", ["xml", "json"])
def test_the_receiver_still_takes_version_1(receiver, report, format_id):
    fmt = registry[format_id]
    response = post(receiver, report.reference, fmt.render(fmt.record(report)), fmt.CONTENT_TYPE)
    assert response.status_code == 201
    assert not receiver.store.files_of(response.json()["case_number"]).exists()


def test_the_receiver_refuses_a_file_whose_sha256_does_not_match(receiver, report):
    record = full_report(report)
    record["attachments"][0]["data"] = base64.b64encode(b"not the photo").decode()
    record["attachments"][0]["size"] = len(b"not the photo")
    response = post(receiver, report.reference, json2_format.render(record), "application/json")
    assert response.status_code == 422
    assert "bike.jpg" in response.json()["error"] and "SHA-256" in response.json()["error"]
    assert receiver.store.index == {}


def test_the_receiver_refuses_an_unknown_version(receiver, report):
    record = {**json.loads(json_format.render(canonical_report(report))), "schema": "openreport.incident/9.0"}
    response = post(receiver, report.reference, json.dumps(record).encode(), "application/json")
    assert response.status_code == 422
    assert "unknown version" in response.json()["error"]


def test_the_delivery_keeps_the_document_sent_without_the_files_content(tmp_path, report):
    Destination.objects.filter(site=report.site).update(
        format="xml2", transport="directory", options={"path": str(tmp_path)}
    )
    (delivery,) = outbox.create_deliveries(report)
    delivery = outbox.send(delivery.pk)
    assert delivery.status == DeliveryStatus.DELIVERED
    sent = xml2_format.parse((tmp_path / f"{report.reference}.xml").read_bytes())
    kept = xml2_format.parse(delivery.payload.encode())
    assert [a["data"] for a in kept["attachments"]] == ["", ""]
    assert [a["sha256"] for a in kept["attachments"]] == [a["sha256"] for a in sent["attachments"]]
    assert base64.b64decode(sent["attachments"][1]["data"]) == PNG
    assert kept["notes"] == sent["notes"]


def test_a_new_destination_gets_version_2():
    new = Destination.objects.create(
        site=make_agency(destination=False), name="New RMS", transport="directory", options={"path": "/x"}
    )
    assert new.format == "xml2"


def test_an_existing_destination_of_version_1_still_gets_version_1(tmp_path, report):
    Destination.objects.filter(site=report.site).update(
        format="json", transport="directory", options={"path": str(tmp_path)}
    )
    (delivery,) = outbox.create_deliveries(report)
    delivery = outbox.send(delivery.pk)
    assert delivery.status == DeliveryStatus.DELIVERED
    sent = json_format.parse((tmp_path / f"{report.reference}.json").read_bytes())
    assert sent["schema"] == "openreport.incident/1.0"
    assert [a["name"] for a in sent["attachments"]] == ["bike.jpg", "receipt.png"]


def test_a_document_larger_than_the_destination_takes_is_not_sent_and_supervisors_are_told(
    tmp_path, report, django_capture_on_commit_callbacks
):
    from rms_export.signals import delivery_failed

    told = []
    delivery_failed.connect(lambda sender, report, error, **kw: told.append(error), weak=False, dispatch_uid="t")
    Destination.objects.filter(site=report.site).update(
        format="json2", transport="directory", options={"path": str(tmp_path), "max_mb": 0.001}
    )
    try:
        (delivery,) = outbox.create_deliveries(report)
        delivery = outbox.send(delivery.pk)
    finally:
        delivery_failed.disconnect(dispatch_uid="t")
    assert delivery.status == DeliveryStatus.FAILED
    assert "more than the 0.001 MB this destination takes (its max_mb option)" in delivery.last_error
    assert told == [delivery.last_error]
    assert list(tmp_path.iterdir()) == []
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1


def test_a_destination_refuses_a_limit_that_is_not_a_number_of_megabytes():
    from django.core.exceptions import ValidationError

    destination = Destination(
        site=make_agency(destination=False), name="x", transport="directory", options={"path": "/x", "max_mb": "a lot"}
    )
    with pytest.raises(ValidationError) as refused:
        destination.full_clean()
    assert "max_mb" in str(refused.value)
