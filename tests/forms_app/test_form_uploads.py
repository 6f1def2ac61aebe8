"""Uploads on a report form: bad files are refused with a message, good ones are kept, and
none is ever reachable from a public URL. Also the abuse limits of the form."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms_app.models import Attachment, ReportFormField

from .conftest import check_token, fill_details, jpeg, pass_screening

pytestmark = pytest.mark.django_db


def file(name, content):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


@pytest.fixture
def started(client, theft_page):
    pass_screening(client, theft_page)
    return theft_page


def errors_for(response):
    html = response.content.decode()
    assert response.status_code == 200, html[:500]
    return html


def test_a_renamed_executable_is_refused(client, started):
    html = errors_for(fill_details(client, started, files=[file("holiday.jpg", b"MZ\x90\x00" + b"\0" * 200)]))
    assert "“holiday.jpg” is not a photo or a PDF." in html
    assert not Attachment.objects.exists()


def test_an_oversize_file_is_refused(client, started):
    ReportFormField.objects.filter(page=started, field_type="upload").update(max_file_mb=1)
    big = jpeg("huge.jpg", size=(1600, 1600))
    big = file("huge.jpg", big.read() + b"\0" * (1024 * 1024))
    html = errors_for(fill_details(client, started, files=[big]))
    assert "“huge.jpg” is 1.1 MB. Select a file smaller than 1 MB." in html


def test_too_many_files_are_refused(client, started):
    ReportFormField.objects.filter(page=started, field_type="upload").update(max_files=2)
    html = errors_for(fill_details(client, started, files=[jpeg(f"p{n}.jpg") for n in range(3)]))
    assert "You can upload at most 2 files here; you chose 3." in html
    assert not Attachment.objects.exists()


def test_a_damaged_image_is_refused(client, started):
    whole = jpeg("broken.jpg").read()
    html = errors_for(fill_details(client, started, files=[file("broken.jpg", whole[: len(whole) // 2])]))
    assert "broken.jpg" in html
    assert not Attachment.objects.exists()


def test_good_files_are_kept_privately_and_can_be_removed(client, started, settings):
    response = fill_details(client, started, files=[jpeg("one.jpg"), jpeg("two.jpg")])
    assert response.status_code == 302
    staged = list(Attachment.objects.order_by("original_name"))
    assert [a.original_name for a in staged] == ["one.jpg", "two.jpg"]
    for attachment in staged:
        path = attachment.file.path
        assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert "one" not in attachment.file.name and "two" not in attachment.file.name
        with pytest.raises(ValueError):
            attachment.file.url  # noqa: B018 -- no public URL exists
    # Remove one from the form without JavaScript; nothing else is asked again.
    response = client.post(started.url + "details/", {"remove_file": str(staged[0].pk)})
    assert response.status_code == 200
    assert [a.original_name for a in Attachment.objects.all()] == ["two.jpg"]
    assert not (staged[0].file.storage.exists(staged[0].file.name))


def test_a_request_over_the_size_limit_gets_a_clear_page(client, started, settings):
    settings.REPORT_MAX_REQUEST_BYTES = 10_000
    response = fill_details(client, started, files=[file("big.jpg", jpeg().read() + b"\0" * 20_000)])
    assert response.status_code == 413
    assert "Your files are too large to send together" in response.content.decode()


def test_sending_too_often_from_one_session_gets_a_clear_page(client, started, settings):
    settings.REPORT_SESSION_RATE_LIMIT = 1
    fill_details(client, started)
    assert client.post(started.url + "check/", {"token": check_token(client, started)}).status_code == 302
    pass_screening(client, started)
    fill_details(client, started)
    response = client.post(started.url + "check/", {"token": check_token(client, started)})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many reports from this connection" in html
    assert "Try again after " in html
    assert 0 < int(response["Retry-After"]) <= settings.REPORT_RATE_WINDOW
    # The answers wait in the session for the next try.
    assert "Bicycle" in client.get(started.url + "check/").content.decode()


def test_uploads_need_the_real_content_type_not_the_name(client, started):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = fill_details(client, started, files=[file("scan.jpg", pdf)])
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")
    assert io.BytesIO(attachment.file.read()).read().startswith(b"%PDF")


def test_uploads_of_reports_never_sent_are_purged(client, started, settings):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    fill_details(client, started, files=[jpeg("old.jpg")])
    old = Attachment.objects.get()
    Attachment.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - datetime.timedelta(hours=49))
    fill_details(client, started, files=[jpeg("new.jpg")])
    out = io.StringIO()
    call_command("purge_stale_uploads", stdout=out)
    assert "Deleted 1 stale uploads." in out.getvalue()
    assert [a.original_name for a in Attachment.objects.all()] == ["new.jpg"]
    assert not old.file.storage.exists(old.file.name)
