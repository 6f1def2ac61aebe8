"""AgencySettings: the jurisdiction the service covers and the values staff may enter."""

import pytest
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def test_postal_code_coverage(agency):
    assert agency.covers_postal_code("l6h 2r4")
    assert agency.covers_postal_code("L7L5Z9")
    assert not agency.covers_postal_code("M5V 1A1")  # Toronto
    assert not agency.covers_postal_code("")


def test_municipality_coverage_ignores_case_and_spaces(agency):
    assert agency.covers_municipality("  oakville ")
    assert agency.covers_municipality("Halton Hills")
    assert not agency.covers_municipality("Toronto")
    assert not agency.covers_municipality("")


def test_clean_normalises_prefixes_and_names(agency):
    agency.postal_code_prefixes = " l6h \n\nL7 \n k"
    agency.municipalities = " Oakville \n\n Milton"
    agency.full_clean()
    assert agency.postal_code_prefixes == "L6H\nL7\nK"
    assert agency.municipality_list == ["Oakville", "Milton"]


def test_clean_names_every_bad_prefix(agency):
    agency.postal_code_prefixes = "L6H\nD1A\n12345\nL6HX"
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    message = " ".join(error.value.message_dict["postal_code_prefixes"])
    assert "D1A, 12345, L6HX" in message


@pytest.mark.parametrize("number", ["call me", "12", "905-555-0100 ext. abc"])
def test_bad_phone_numbers_are_refused(agency, number):
    agency.non_emergency_phone = number
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "non_emergency_phone" in error.value.message_dict


@pytest.mark.parametrize("number", ["905-555-0100", "(905) 555-0100", "+1 905 555 0100", "905-555-0100 ext. 42"])
def test_usual_phone_numbers_are_accepted(agency, number):
    agency.non_emergency_phone = number
    agency.full_clean()


@pytest.mark.parametrize("prefix", ["drps", "D", "TOOLONGPREFIX", "9AB"])
def test_reference_prefix_must_be_short_capitals(agency, prefix):
    agency.reference_prefix = prefix
    with pytest.raises(ValidationError):
        agency.full_clean()
