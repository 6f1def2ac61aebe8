""" "Add another item", "Remove" and "Remove file" with values no browser sends: the form comes
back with a message, nothing the citizen gave is lost, and nothing answers 500."""

import re
import time

import pytest

from forms_app.fields import MAX_PROPERTY_ITEMS
from forms_app.models import Attachment
from forms_app.steps import parse_number

from .conftest import VALID, jpeg, pass_screening

pytestmark = pytest.mark.django_db

COULD_NOT = "That change could not be made"


def details(client, page, **changes):
    data = {k: v for k, v in {**VALID, **changes}.items() if v is not None}
    return client.post(page.url + "details/", data)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),
        ("17", 17),
        (" 3 ", None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits: str.isdigit() and int() accept them
        ("-1", None),
        ("+1", None),
        ("1_000", None),
        ("abc", None),
        ("", None),
        ("9" * 5000, None),  # int() refuses more than 4300 digits with a ValueError
        ("9" * 19, None),  # more than a database integer holds
        (None, None),
    ],
)
def test_parse_number_takes_only_plain_ascii_digits(value, expected):
    assert parse_number(value) == expected


def test_parse_number_has_a_maximum():
    assert parse_number("20", maximum=20) == 20
    assert parse_number("21", maximum=20) is None


def test_remove_file_with_a_unicode_digit_shows_the_form_and_keeps_the_files(client, theft_page):
    pass_screening(client, theft_page)
    details(client, theft_page, photos_or_documents=[jpeg("bike.jpg")], add_item="stolen_items")
    response = details(client, theft_page, remove_file="²")
    assert response.status_code == 200
    html = response.content.decode()
    assert COULD_NOT in html
    assert "bike.jpg" in html
    assert Attachment.objects.filter(original_name="bike.jpg", report__isnull=True).count() == 1


def test_remove_item_with_a_unicode_digit_shows_the_form_and_keeps_the_rows(client, theft_page):
    pass_screening(client, theft_page)
    response = details(client, theft_page, remove_item="stolen_items:²")
    assert response.status_code == 200
    html = response.content.decode()
    assert COULD_NOT in html
    assert re.search(r'name="stolen_items-0-description"[^>]*value="Bicycle"', html)


@pytest.mark.parametrize("total", ["abc", "²", "-3", "9" * 5000, ""])
def test_add_item_with_a_broken_row_count_keeps_the_rows_typed(client, theft_page, total):
    pass_screening(client, theft_page)
    response = details(
        client,
        theft_page,
        add_item="stolen_items",
        **{"stolen_items-TOTAL_FORMS": total, "stolen_items-1-description": "Helmet"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The rows sent are counted from what was typed, and one more is added.
    assert re.search(r'name="stolen_items-0-description"[^>]*value="Bicycle"', html)
    assert re.search(r'name="stolen_items-1-description"[^>]*value="Helmet"', html)
    assert 'name="stolen_items-2-description"' in html


def test_a_missing_management_form_is_no_error_page(client, theft_page):
    pass_screening(client, theft_page)
    management = {f"stolen_items-{key}": None for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")}
    response = details(client, theft_page, **management, **{"stolen_items-MAX_NUM_FORMS": None})
    assert response.status_code == 200
    response = details(client, theft_page, add_item="stolen_items", **management)
    assert response.status_code == 200


def test_a_huge_row_count_is_capped_and_answers_at_once(client, theft_page):
    pass_screening(client, theft_page)
    started = time.monotonic()
    # Before the cap, removing a row copied every row after it, all ten million of them: far
    # more than the 10 seconds allowed (and a bigger count would hang the test rather than fail it).
    response = details(client, theft_page, remove_item="stolen_items:0", **{"stolen_items-TOTAL_FORMS": str(10**7)})
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    response = details(client, theft_page, add_item="stolen_items", **{"stolen_items-TOTAL_FORMS": str(10**15)})
    assert response.status_code == 200
    assert f'name="stolen_items-{MAX_PROPERTY_ITEMS - 1}-description"' in response.content.decode()
    assert f'name="stolen_items-{MAX_PROPERTY_ITEMS}-description"' not in response.content.decode()


def test_remove_item_of_a_row_that_is_not_there_shows_the_form(client, theft_page):
    pass_screening(client, theft_page)
    response = details(client, theft_page, remove_item="stolen_items:7")
    assert response.status_code == 200
    assert COULD_NOT in response.content.decode()
