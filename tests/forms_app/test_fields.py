"""Each field type of the form builder, with good and bad values."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import timezone

from forms_app.fields import MoneyField, PastDateField, PhoneField, PostalCodeField, PropertyItemFormSet, TimeField


def clean(field, value):
    return field.clean(value)


@pytest.mark.parametrize(
    "value, expected",
    [("l6h2r4", "L6H 2R4"), (" L6H 2R4 ", "L6H 2R4"), ("k1a 0b1", "K1A 0B1"), ("", "")],
)
def test_postal_code_good(value, expected):
    assert clean(PostalCodeField(required=False), value) == expected


@pytest.mark.parametrize("value", ["12345", "L6H", "D1A 1A1", "L6H 2R", "LL6 2R4", "W1A 1AA"])
def test_postal_code_bad(value):
    with pytest.raises(forms.ValidationError, match="Canadian postal code"):
        clean(PostalCodeField(), value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("$1,250", Decimal("1250")),
        ("1250.5", Decimal("1250.5")),
        ("1 250,50 $", Decimal("1250.50")),
        ("0", Decimal("0")),
    ],
)
def test_money_good(value, expected):
    assert clean(MoneyField(), value) == expected


@pytest.mark.parametrize("value", ["abc", "-5", "12.345", "1e9", "$$"])
def test_money_bad(value):
    with pytest.raises(forms.ValidationError):
        clean(MoneyField(), value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("905-555-0100", "905-555-0100"),
        ("(905) 555 0100", "905-555-0100"),
        ("+1 905 555 0100", "905-555-0100"),
        ("9055550100 ext. 42", "905-555-0100 ext. 42"),
        ("905.555.0100 x7", "905-555-0100 ext. 7"),
    ],
)
def test_phone_good(value, expected):
    assert clean(PhoneField(), value) == expected


@pytest.mark.parametrize("value", ["555-0100", "call me", "905-555-01000", "+44 20 7946 0958", "905-555-0100 ext. abc"])
def test_phone_bad(value):
    with pytest.raises(forms.ValidationError, match="10-digit phone number"):
        clean(PhoneField(), value)


def test_date_good_and_future_refused():
    field = PastDateField()
    assert clean(field, "2026-01-31") == datetime.date(2026, 1, 31)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(forms.ValidationError, match="cannot be in the future"):
        clean(field, tomorrow.isoformat())
    with pytest.raises(forms.ValidationError, match="real date"):
        clean(field, "2026-02-30")


def test_time_good_and_bad():
    assert clean(TimeField(), "14:30") == datetime.time(14, 30)
    with pytest.raises(forms.ValidationError, match="Enter a time"):
        clean(TimeField(), "25:99")


def formset(rows, total=None):
    data = {"items-TOTAL_FORMS": str(total if total is not None else len(rows)), "items-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"items-{i}-{k}": v for k, v in row.items()})
    return PropertyItemFormSet(data, prefix="items")


def test_property_items_good_and_blank_rows_ignored():
    fs = formset([{"description": "Phone", "value": "$300"}, {"description": ""}])
    assert fs.is_valid()
    assert [f.cleaned_data.get("description") for f in fs.forms if f.has_changed()] == ["Phone"]


def test_property_item_needs_a_description_and_a_real_value():
    fs = formset([{"brand": "Apple", "value": "lots"}])
    assert not fs.is_valid()
    assert "description" in fs.forms[0].errors
    assert "value" in fs.forms[0].errors


def test_property_items_are_capped_at_twenty():
    fs = formset([{"description": f"Item {n}"} for n in range(21)])
    assert not fs.is_valid()
