import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

VALID = {
    "date_it_happened": "2026-11-20",
    "time_it_happened": "14:30",
    "street_address_or_nearest_intersection": "123 Lakeshore Rd E",
    "town_or_city": "Oakville",
    "postal_code": "l6j 1h8",
    "what_happened": "My bicycle was taken from the rack outside the library.",
    "first_name": "Jean",
    "last_name": "Tremblay",
    "email_address": "jean.tremblay@example.org",
    "phone_number": "(905) 555-0199",
    "stolen_items-TOTAL_FORMS": "1",
    "stolen_items-INITIAL_FORMS": "0",
    "stolen_items-MIN_NUM_FORMS": "0",
    "stolen_items-MAX_NUM_FORMS": "20",
    "stolen_items-0-description": "Bicycle",
    "stolen_items-0-brand": "Trek",
    "stolen_items-0-model": "FX 2",
    "stolen_items-0-serial_number": "WTU123456",
    "stolen_items-0-value": "$850",
}


def jpeg(name="photo.jpg", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def question_names(client, page):
    html = client.get(page.url).content.decode()
    return list(dict.fromkeys(re.findall(r'name="(q\d+)"', html)))


def pass_screening(client, page):
    answers = dict.fromkeys(question_names(client, page), "no")
    # "Did it happen in our region?" stops on "no": answer it "yes".
    jurisdiction = page.screening_questions.get(kind="jurisdiction")
    answers[f"q{jurisdiction.pk}"] = "yes"
    response = client.post(page.url, answers)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def fill_details(client, page, files=None, **changes):
    data = {**VALID, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    if files:
        data["photos_or_documents"] = files
    return client.post(page.url + "details/", data)


def post_sections(client, page, data):
    """Post ``data`` to the form's first section, then to each next one Continue leads to (a form
    with no section break has one); the last response (a redirect to check answers when all passed)."""
    url = page.url + "details/"
    while True:
        response = client.post(url, data)
        location = response.get("Location", "")
        if response.status_code != 302 or "/details/" not in location:
            return response
        url = location


def check_token(client, page):
    html = client.get(page.url + "check/").content.decode()
    return re.search(r'name="token" value="([^"]+)"', html).group(1)
