"""Every value a report form accepts fits where it is stored.

For every field of every demo form (English and French), the citizen sends the longest value the
form accepts, through the steps (screening, details, check, send): a report must be stored with
those values. On PostgreSQL the database refuses a value longer than its column; SQLite does not
check lengths, so the stored report is also held to its model fields' limits (``full_clean``),
which makes the test meaningful on both.
"""

import io
import re

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from wagtail.models import Locale

from forms_app.fields import MAX_PROPERTY_ITEMS, PropertyItemForm
from forms_app.mapping import Element
from forms_app.models import Attachment, Report, ReportFormPage

from .conftest import check_token, pass_screening, post_sections

pytestmark = pytest.mark.django_db

DEMO_SLUGS = ["report-theft", "report-theft-from-vehicle", "report-damage", "report-lost-property", "report-fraud"]
# Django's email validator takes addresses of up to 320 characters.
EMAIL_VALIDATOR_LIMIT = 320


def email_of_length(length):
    """A valid address of exactly ``length`` characters: a 64-character local part and a domain
    of labels of at most 63 characters."""
    local = "a" * 64
    domain_length = length - len(local) - 1
    labels, remaining = [], domain_length - 3  # ".ca"
    while remaining > 0:
        label = min(63, remaining)
        if remaining - label == 1:  # a label cannot be empty: leave room for "x."
            label -= 2
        labels.append("d" * label)
        remaining -= label + 1
    domain = ".".join(labels) + ".ca"
    address = f"{local}@{domain}"
    assert len(address) == length, (len(address), length)
    return address


def accepts(formfield, value):
    try:
        formfield.clean(value)
    except ValidationError:
        return False
    return True


def longest_text(formfield, make, upper):
    """The longest value ``make(n)`` that ``formfield`` accepts, n from ``upper`` down."""
    for length in range(upper, 0, -1):
        value = make(length)
        if accepts(formfield, value):
            # The form's limit is where it says: one more character is refused.
            if length < upper:
                assert not accepts(formfield, make(length + 1))
            return value
    raise AssertionError(f"{formfield!r} accepts no value")


def long_jpeg(name):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#336699").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def longest_choice(formfield):
    return max((str(value) for value, _label in formfield.choices if value), key=len)


def longest_answers(page):
    """(POST data, files) with the longest value the form accepts for each of its fields."""
    form = page.get_form(page=page, user=AnonymousUser())
    data, files = {}, {}
    for field in page.get_form_fields():
        name, formfield = field.clean_name, form.fields[field.clean_name]
        kind = field.field_type
        if kind == "email":
            upper = formfield.max_length or EMAIL_VALIDATOR_LIMIT
            data[name] = longest_text(formfield, email_of_length, max(upper, 10))
        elif kind in {"singleline", "multiline"}:
            data[name] = longest_text(formfield, lambda n: "é" * n, formfield.max_length)
        elif kind == "date":
            data[name] = timezone.localdate().isoformat()
        elif kind == "time":
            data[name] = "23:59"
        elif kind == "postal_code":
            data[name] = "l6j  1h8"  # 8 characters, as typed with two spaces; stored "L6J 1H8"
            assert len(data[name]) == formfield.max_length
        elif kind == "phone":
            data[name] = "+1 (905) 555-0199 poste 123456"
            assert accepts(formfield, data[name])
        elif kind == "money":
            data[name] = "$99,999,999.99"
            assert accepts(formfield, data[name])
            assert not accepts(formfield, "$100,000,000.00")
        elif kind in {"dropdown", "radio"}:
            data[name] = longest_choice(formfield)
        elif kind == "upload":
            files[name] = [long_jpeg("p" * 250 + f"{n}.jpg") for n in range(formfield.max_files)]
        elif kind == "property":
            data |= longest_items(name)
        elif kind == "address":
            # "I can't find the address", each box as long as it takes.
            data |= {
                name: "",
                f"{name}-manual": "1",
                f"{name}-street": "é" * 255,
                f"{name}-description": "é" * 255,
                f"{name}-municipality": "é" * 120,
                f"{name}-postal_code": "l6j  1h8",
            }
        else:
            raise AssertionError(f"no longest value for the field type {kind!r}: add one here")
    return data, files


def longest_items(prefix):
    form = PropertyItemForm()
    data = {
        f"{prefix}-TOTAL_FORMS": str(MAX_PROPERTY_ITEMS),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(MAX_PROPERTY_ITEMS),
    }
    for n in range(MAX_PROPERTY_ITEMS):
        for name, formfield in form.fields.items():
            key = f"{prefix}-{n}-{name}"
            data[key] = "$99,999,999.99" if name == "value" else "z" * formfield.max_length
    return data


def demo_pages():
    return [(slug, language) for slug in DEMO_SLUGS for language in ("en", "fr")]


@pytest.mark.parametrize(("slug", "language"), demo_pages())
def test_the_longest_accepted_answers_make_a_stored_report(client, home, slug, language):
    page = ReportFormPage.objects.child_of(home).get(slug=slug)
    if language != "en":
        page = page.get_translation(Locale.objects.get(language_code=language))
    data, files = longest_answers(page)

    pass_screening(client, page)
    response = post_sections(client, page, {**data, **files})
    assert response.status_code == 302, re.findall(r'class="error[^"]*"[^>]*>([^<]*)', response.content.decode())
    response = client.post(page.url + "check/", {"token": check_token(client, page)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].endswith("/sent/")

    report = Report.objects.get(page=page)
    report.full_clean()  # every column within its model field's limits (SQLite does not check)
    mapped = {f.rms_element: f.clean_name for f in page.get_form_fields() if f.rms_element}
    assert report.reporter_email == data[mapped[Element.REPORTER_EMAIL]]
    if Element.LOCATION_MUNICIPALITY in mapped:
        assert report.municipality == data[mapped[Element.LOCATION_MUNICIPALITY]]
    else:
        assert report.municipality == data[f"{mapped[Element.LOCATION_ADDRESS]}-municipality"]
    assert report.postal_code == "L6J 1H8"
    for field in page.get_form_fields():
        if field.field_type in {"singleline", "multiline", "email"}:
            assert report.form_data[field.clean_name] == data[field.clean_name]
    items = [f.clean_name for f in page.get_form_fields() if f.field_type == "property"]
    for name in items:
        assert len(report.form_data[name]) == MAX_PROPERTY_ITEMS
    uploads = [f.clean_name for f in page.get_form_fields() if f.field_type == "upload"]
    for name in uploads:
        assert Attachment.objects.filter(report=report, field_name=name).count() == len(files[name])
    for attachment in report.attachments.all():
        attachment.full_clean()


def test_an_email_field_takes_what_the_report_column_holds(theft_page):
    form = theft_page.get_form(page=theft_page, user=AnonymousUser())
    email = form.fields["email_address"]
    limit = Report._meta.get_field("reporter_email").max_length
    assert accepts(email, email_of_length(limit))
    assert not accepts(email, email_of_length(limit + 1))
    assert email.widget.attrs["maxlength"] == str(limit)


def test_a_field_mapped_to_a_typed_column_takes_no_more_than_the_column(theft_page):
    """Town or city (a single line, 255 characters) fills ``Report.municipality`` (120)."""
    form = theft_page.get_form(page=theft_page, user=AnonymousUser())
    town = form.fields["town_or_city"]
    limit = Report._meta.get_field("municipality").max_length
    assert accepts(town, "x" * limit)
    assert not accepts(town, "x" * (limit + 1))
    assert town.widget.attrs["maxlength"] == str(limit)
    # An unmapped single line keeps its 255 characters.
    street = form.fields["street_address_or_nearest_intersection"]
    assert isinstance(street, forms.CharField)
    assert street.max_length == 255


def test_a_too_long_town_is_refused_with_a_message_not_cut(client, theft_page):
    from .conftest import VALID, fill_details

    pass_screening(client, theft_page)
    response = fill_details(client, theft_page, town_or_city="x" * 121)
    assert response.status_code == 200
    assert "at most 120 characters" in response.content.decode()
    assert VALID["email_address"]  # the other answers are shown again, not lost
    assert VALID["email_address"] in response.content.decode()
