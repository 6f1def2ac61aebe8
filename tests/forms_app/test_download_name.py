"""A file is downloaded under a name whose extension says what it is: the type found in its
content, not the one its name claimed (a PNG sent as "notes.pdf" downloads as "notes.png")."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forms_app.models import Attachment, Report
from forms_app.uploads import download_name

from .conftest import check_token, fill_details, pass_screening


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("notes.pdf", "image/png", "notes.png"),
        ("IMG_0001.JPG", "image/jpeg", "IMG_0001.JPG"),  # already right: left as the citizen named it
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("scan.png", "application/pdf", "scan.pdf"),
        ("IMG_0002.HEIF", "image/heic", "IMG_0002.HEIF"),
        ("receipt", "application/pdf", "receipt.pdf"),
        ("holiday.final", "image/jpeg", "holiday.final.jpg"),  # not an extension we know: one is added
        ("photo.jpg.pdf", "image/jpeg", "photo.jpg.jpg"),
        (".pdf", "image/png", ".pdf.png"),
        ("file", "image/heic", "file.heic"),
    ],
)
def test_the_download_name_ends_with_the_extension_of_the_detected_type(name, content_type, expected):
    assert download_name(name, content_type) == expected


def png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (12, 9), "#993366").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.mark.django_db
def test_a_png_sent_as_notes_pdf_is_downloaded_as_notes_png(client, theft_page):
    pass_screening(client, theft_page)
    fill_details(client, theft_page, files=[png("notes.pdf")])
    client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    attachment = Attachment.objects.get(report=Report.objects.get())
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "notes.pdf"  # what the citizen called it, as they see it
    client.force_login(get_user_model().objects.get(username="reviewer"))
    response = client.get(f"/workflow/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="notes.png"'
