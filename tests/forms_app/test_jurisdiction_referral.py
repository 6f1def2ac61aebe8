"""The jurisdiction stop names the agency of the install that serves the place (by postal code or
municipality), with its non-emergency number and its form for the same incident on its own
hostname, in the citizen's language; when none does, the stop says what it always said."""

import pytest
from wagtail.models import Locale

from forms_app.jurisdiction import agency_serving, parse_place
from forms_app.models import ReportFormPage
from tests.factories import demo_site, make_agency, only_one_agency
from website.models import AgencySettings

from .conftest import VALID, fill_details, pass_screening, question_names

pytestmark = pytest.mark.django_db
NORTH_FORM = "http://north.localhost/report-lost-property/"


def lost_property_page(language="en"):
    page = ReportFormPage.objects.descendant_of(demo_site().root_page).get(
        slug="report-lost-property", locale__language_code="en"
    )
    return page if language == "en" else page.get_translation(Locale.objects.get(language_code=language))


def lost_property_details(client, page, **changes):
    data = {k.replace("stolen_items", "lost_items"): v for k, v in VALID.items()}
    pass_screening(client, page)
    return client.post(page.url + "details/", {**data, **changes})


@pytest.fixture
def pages():
    return {"en": lost_property_page(), "fr": lost_property_page("fr")}


@pytest.fixture
def north(pages):
    return make_agency()


def test_a_municipality_of_another_agency_names_it_and_links_to_its_form(client, pages, north):
    html = lost_property_details(client, pages["en"], town_or_city="Northville", postal_code="K1A 0B1").content.decode()
    assert (
        "Demo Regional Police Service does not serve this area: North Police Service does. "
        "Report it to them online or at 613-555-0100." in html
    )
    assert f'href="{NORTH_FORM}"' in html
    assert 'href="tel:' in html and "613-555-0100" in html


def test_a_postal_code_of_another_agency_names_it_the_longest_prefix_winning(client, pages, north):
    east = make_agency(name="East Police Service", hostname="east.localhost", prefix="EPS")
    AgencySettings.objects.filter(site=east).update(postal_code_prefixes="K")
    AgencySettings.objects.filter(site=north).update(postal_code_prefixes="K1A")
    html = lost_property_details(client, pages["en"], town_or_city="Somewhere", postal_code="k1a 0b1").content.decode()
    assert "North Police Service does." in html and f'href="{NORTH_FORM}"' in html
    html = lost_property_details(client, pages["en"], town_or_city="Somewhere", postal_code="K2P 1L4").content.decode()
    assert "East Police Service does." in html and 'href="http://east.localhost/report-lost-property/"' in html


def test_no_agency_of_the_install_serves_the_place_todays_message(client, pages, north):
    html = lost_property_details(client, pages["en"], town_or_city="Toronto", postal_code="M5V 1A1").content.decode()
    assert (
        "Demo Regional Police Service does not serve this area. Please report it to the police service where it "
        "happened." in html
    )
    assert "North Police Service" not in html


def test_an_agency_without_a_form_for_the_incident_is_named_with_its_number(client, theft_page, north):
    pass_screening(client, theft_page)
    html = fill_details(client, theft_page, town_or_city="Northville", postal_code="K1A 0B1").content.decode()
    assert "North Police Service does. Call their non-emergency line: 613-555-0100." in html
    assert "north.localhost" not in html


def test_the_referral_is_in_the_citizens_language(client, pages, north):
    AgencySettings.objects.filter(site=north).update(agency_name_fr="Service de police du Nord")
    html = lost_property_details(client, pages["fr"], town_or_city="Northville", postal_code="K1A 0B1").content.decode()
    assert "Service de police du Nord" in html and "North Police Service" not in html
    assert "n’est pas desservi par notre service de police" in html
    assert f'href="{NORTH_FORM}"' in html  # North has no French form: its English one
    assert "613-555-0100" in html


def stop_page(client, page):
    answers = dict.fromkeys(question_names(client, page), "no")
    return client.post(page.url, answers)  # "Did it happen in our region?" no: the stop


def test_the_screening_stop_finds_the_agency_of_the_place(client, pages, north):
    page = pages["en"]
    html = stop_page(client, page).content.decode()
    assert "You cannot report this online" in html and 'name="place"' in html
    url = page.url + "elsewhere/"
    html = client.get(url, {"place": "northville"}).content.decode()
    assert "North Police Service serves that area" in html and f'href="{NORTH_FORM}"' in html
    assert "613-555-0100" in html
    AgencySettings.objects.filter(site=north).update(postal_code_prefixes="K1A")
    assert "North Police Service serves that area" in client.get(url, {"place": "K1A 0B1"}).content.decode()
    html = client.get(url, {"place": "Toronto"}).content.decode()
    assert "We could not find the police service for that place on this site." in html
    assert "Please report it to the police service of the place where it happened." in html  # today's message
    html = client.get(url, {"place": ""}).content.decode()
    assert client.get(url, {"place": ""}).status_code == 200 and "Enter a postal code or a municipality" in html
    assert client.get(url, {"place": "x" * 5000}).status_code == 200


def test_the_screening_stop_in_french(client, pages, north):
    AgencySettings.objects.filter(site=north).update(agency_name_fr="Service de police du Nord")
    html = client.get(pages["fr"].url + "elsewhere/", {"place": "Northville"}).content.decode()
    assert "Service de police de ce secteur : Service de police du Nord" in html
    assert f'href="{NORTH_FORM}"' in html and "Où l’incident s’est-il produit?" in html


def test_with_one_agency_the_stop_offers_no_search(client, pages):
    only_one_agency()
    html = stop_page(client, pages["en"]).content.decode()
    assert "You cannot report this online" in html and 'name="place"' not in html
    assert client.get(pages["en"].url + "elsewhere/", {"place": "Oakville"}).status_code == 302


def test_places_are_read_as_postal_codes_or_municipalities():
    assert parse_place(" l6h 2r4 ") == ("L6H2R4", "")
    assert parse_place("K1A") == ("K1A", "")
    assert parse_place("Ottawa") == ("", "Ottawa")
    assert parse_place("Halton   Hills") == ("", "Halton Hills")
    assert agency_serving() is None
