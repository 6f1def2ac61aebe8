"""French as it is written: no sentence that needs an article before the agency's name, times as
"19 h 51", sizes in "Mo"."""

import datetime

import pytest
from django.utils import formats, translation

from forms_app.uploads import human_size

from .conftest import fill_details, jpeg, pass_screening

pytestmark = pytest.mark.django_db


def test_the_jurisdiction_refusal_reads_well_with_the_agencys_french_name(client, french_theft_page):
    pass_screening(client, french_theft_page)
    html = fill_details(client, french_theft_page, postal_code="M5V 1A1", town_or_city="Toronto").content.decode()
    assert (
        "Ce secteur n’est pas desservi par notre service de police "
        "(Service de police régional de démonstration)." in html
    )
    assert "démonstration ne dessert pas" not in html


def test_times_are_written_the_french_way():
    moment = datetime.datetime(2026, 12, 3, 19, 51)
    with translation.override("fr"):
        assert formats.time_format(moment.time(), "TIME_FORMAT") == "19 h 51"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "3 décembre 2026, 19 h 51"
        assert formats.time_format(datetime.time(9, 5), "TIME_FORMAT") == "9 h 05"
    assert formats.date_format(moment, "DATETIME_FORMAT") == "Dec. 3, 2026, 7:51 p.m."  # English unchanged


def test_sizes_are_in_mo_on_the_french_form(client, french_theft_page):
    pass_screening(client, french_theft_page)
    html = fill_details(client, french_theft_page, files=[jpeg("velo.jpg")], email_address="").content.decode()
    assert "jusqu’à 5 fichiers de 10 Mo chacun" in html
    assert " MB" not in html
    assert "10,0 Mo" not in html
    with translation.override("fr"):
        assert human_size(int(14.2 * 1024 * 1024)) == "14,2 Mo"
