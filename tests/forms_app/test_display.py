"""Answers as the citizen reads them, in their language."""

from decimal import Decimal

import pytest
from django.utils import translation

from forms_app.display import money, property_line


@pytest.mark.parametrize(
    "language, value, shown",
    [
        ("en", Decimal("1250"), "$1,250.00"),
        ("en", "850", "$850.00"),
        ("fr", Decimal("1250"), "1\u00a0250,00\u00a0$"),
        ("fr", "850.5", "850,50\u00a0$"),
        ("en", "", ""),
        ("fr", None, ""),
    ],
)
def test_amounts_are_written_the_way_each_language_writes_them(language, value, shown):
    with translation.override(language):
        assert money(value) == shown


def test_a_property_item_in_french():
    item = {"description": "Vélo", "brand": "Trek", "serial_number": "WTU1", "value": "850"}
    with translation.override("fr"):
        assert property_line(item) == "Vélo — Trek — numéro de série WTU1 — 850,00\u00a0$"
