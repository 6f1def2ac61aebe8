"""The "Address" question: a choice of the agency's register (never trusting the browser's
point), the no-JavaScript path, "I can't find the address", the jurisdiction by point, the
report's columns and the RMS record of versions 1.1 and 2.1 (1.0 and 2.0 still taken)."""

import uuid
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import Site

from forms_app.canonical import canonical_report, full_report
from forms_app.display import address_lines
from forms_app.fields import AddressField, address_answer
from forms_app.mapping import SCHEMA_V1_1, SCHEMA_V2_1
from forms_app.models import Report, ReportFormPage
from forms_app.submission import create_report
from rms_export import receiver
from rms_export.formats import (
    json2_format,
    json11_format,
    json21_format,
    json_format,
    xml2_format,
    xml11_format,
    xml21_format,
    xml_format,
)
from tests.factories import AddressFactory, demo_site, in_demo
from website.demo_geo import DEMO_BOUNDARY, LAKESHORE_BOUNDARY
from website.models import AgencySettings

from .conftest import VALID, check_token, pass_screening

pytestmark = pytest.mark.django_db
FORM = "report-theft-from-vehicle"
NAME = "where_did_it_happen"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_demo_register_or_boundary():
    """Each test makes the addresses and boundaries it needs: the demo's (seed_demo) are set aside."""
    from website.models import Address

    Address.objects.all().delete()
    AgencySettings.objects.update(boundary=None)


def field(site=None):
    return AddressField(site=site or demo_site(), required=True)


def test_a_chosen_id_is_looked_up_in_this_agencys_register_and_posted_points_are_ignored():
    address = AddressFactory(civic_number="12", street="Main Street", latitude=43.45, longitude=-79.70)
    answer = field().clean({"text": "made up", "id": str(address.pk), "latitude": "0", "longitude": "0"})
    assert answer["address_id"] == address.pk
    assert answer["source_id"] == address.source_id
    assert (answer["latitude"], answer["longitude"]) == (43.45, -79.70)
    assert answer["text"] == address.label


def test_an_id_of_another_agencys_register_is_not_found():
    lakeshore = Site.objects.get(hostname="lakeshore.localhost")
    theirs = AddressFactory(site=lakeshore, civic_number="99", street="Nowhere Road")
    with pytest.raises(Exception) as refused:
        field().clean({"text": "", "id": str(theirs.pk)})
    assert "Enter" in str(refused.value) or "required" in str(refused.value).lower()


def test_without_javascript_one_match_is_taken_several_are_offered_none_is_explained():
    one = AddressFactory(civic_number="7", street="Elm Street")
    assert field().clean({"text": "7 elm"})["address_id"] == one.pk
    AddressFactory(civic_number="12", street="Main Street")
    AddressFactory(civic_number="12", street="Main Street", unit="3")
    several = field()
    with pytest.raises(Exception, match="More than one address"):
        several.clean({"text": "12 main"})
    assert len(several.widget.suggestions) == 2
    chosen = several.widget.suggestions[1]
    assert field().clean({"text": "12 main", "choice": str(chosen.pk)})["address_id"] == chosen.pk
    with pytest.raises(Exception, match="could not find"):
        field().clean({"text": "1 unknown road"})


def test_i_cannot_find_it_keeps_the_free_text_with_its_area():
    answer = field().clean(
        {
            "text": "",
            "manual": "1",
            "street": "Main and King",
            "description": "behind the library",
            "municipality": "Oakville",
            "postal_code": "l6h2r4",
        }
    )
    assert answer == address_answer(
        text="",
        street="Main and King",
        municipality="Oakville",
        postal_code="L6H 2R4",
        description="behind the library",
    )
    assert address_lines(answer) == ["Main and King, Oakville L6H 2R4 (not in the address list)", "behind the library"]
    with pytest.raises(Exception, match="municipality or the postal code"):
        field().clean({"text": "", "manual": "1", "street": "Main and King"})
    kept = field().clean({"text": "12 Nowhere", "choice": "typed", "municipality": "Oakville"})
    assert kept["street"] == "12 Nowhere" and kept["address_id"] is None


def _details(address_value, **parts):
    data = {
        k: v
        for k, v in VALID.items()
        if k not in ("street_address_or_nearest_intersection", "town_or_city", "postal_code")
    }
    data = {k: v for k, v in data.items() if not k.startswith("stolen_items")}
    data.update(
        {
            "licence_plate": "ABCD 123",
            "province_of_the_plate": "Ontario",
            "make": "Honda",
            "was_the_vehicle_locked": "Yes",
            "stolen_items-TOTAL_FORMS": "1",
            "stolen_items-INITIAL_FORMS": "0",
            "stolen_items-0-description": "Laptop",
            NAME: address_value,
        }
    )
    data.update({f"{NAME}-{key}": value for key, value in parts.items()})
    return data


@pytest.fixture
def boundaries():
    demo = AgencySettings.for_site(demo_site())
    demo.boundary = DEMO_BOUNDARY
    demo.save()
    lakeshore = AgencySettings.objects.get(site__hostname="lakeshore.localhost")
    lakeshore.boundary = LAKESHORE_BOUNDARY
    lakeshore.save()
    return demo, lakeshore


def _send(client, address, **parts):
    page = in_demo(ReportFormPage).get(slug=FORM)
    pass_screening(client, page)
    return page, client.post(page.url + "details/", _details(address, **parts))


def test_a_point_inside_the_boundary_is_accepted_and_fills_the_report(boundaries):
    address = AddressFactory(
        civic_number="12",
        street="Main Street",
        latitude=43.45,
        longitude=-79.70,
        municipality="Oakville",
        postal_code="L6H 2R4",
    )
    client = Client()
    page, response = _send(client, "12 Main Street", id=str(address.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    check = client.get(page.url + "check/").content.decode()
    assert address.label in check
    client.post(page.url + "check/", {"token": check_token(client, page)})
    report = Report.objects.latest("pk")
    assert (report.latitude, report.longitude) == (43.45, -79.70)
    assert report.address_source_id == address.source_id
    assert (report.municipality, report.postal_code) == ("Oakville", "L6H 2R4")
    record = canonical_report(report, version=SCHEMA_V1_1)
    assert record["location"]["point"] == {"latitude": 43.45, "longitude": -79.70}
    assert record["location"]["address_id"] == address.source_id
    assert record["location"]["street"] == "12 Main Street"


def test_a_point_in_the_other_agencys_boundary_is_stopped_naming_it(boundaries):
    _demo, lakeshore = boundaries
    # In this agency's register (an old import), but inside Lakeshore's boundary.
    address = AddressFactory(
        civic_number="5",
        street="Shore Road",
        latitude=43.56,
        longitude=-79.58,
        municipality="Oakville",
        postal_code="L6H 2R4",
    )
    _page, response = _send(Client(), "5 Shore Road", id=str(address.pk))
    assert response.status_code == 200
    assert lakeshore.name in response.content.decode()


def test_a_point_outside_every_boundary_gives_the_non_emergency_message(boundaries):
    _demo, _lakeshore = boundaries
    address = AddressFactory(
        civic_number="1",
        street="Far Away Road",
        latitude=44.9,
        longitude=-78.0,
        municipality="Oakville",
        postal_code="L6H 2R4",
    )
    _page, response = _send(Client(), "1 Far Away Road", id=str(address.pk))
    assert response.status_code == 200
    assert "does not serve this area. Please report it" in response.content.decode()


def test_with_no_boundary_the_postal_code_and_municipality_decide():
    demo = AgencySettings.for_site(demo_site())
    assert demo.boundary is None
    address = AddressFactory(
        civic_number="1",
        street="Far Away Road",
        latitude=44.9,
        longitude=-78.0,
        municipality=demo.municipality_list[0],
        postal_code="L6H 2R4",
    )
    _page, response = _send(Client(), "x", id=str(address.pk))
    assert response.status_code == 302


def test_the_no_javascript_step_offers_the_matches_then_takes_the_one_chosen():
    AddressFactory(civic_number="12", street="Main Street")
    second = AddressFactory(civic_number="12", street="Main Street", unit="3")
    client = Client()
    page, response = _send(client, "12 main")
    html = response.content.decode()
    assert response.status_code == 200 and "Did you mean:" in html and "None of these: keep what I typed" in html
    response = client.post(page.url + "details/", _details("12 main", choice=str(second.pk)))
    assert response.status_code == 302


def test_the_step_is_in_french_on_the_french_form():
    page = in_demo(ReportFormPage).get(slug="signaler-un-vol-dans-un-vehicule")
    client = Client()
    pass_screening(client, page)
    html = client.get(page.url + "details/").content.decode()
    assert "Je ne trouve pas l’adresse" in html
    assert "Où est-ce arrivé?" in html


def _report_with_point():
    address = AddressFactory(civic_number="12", street="Main Street", latitude=43.45, longitude=-79.70)
    page = in_demo(ReportFormPage).get(slug=FORM)
    from .test_canonical import sample

    answers = {f.clean_name: sample(f) for f in page.get_form_fields()}
    answers[NAME] = address_answer(address)
    site = demo_site()
    return create_report(
        page=page,
        site=site,
        agency=AgencySettings.for_site(site),
        answers=answers,
        screening=[],
        draft_key="none",
        token=uuid.uuid4(),
        language="en",
    )


@pytest.mark.parametrize(
    "module, content_type",
    [
        (xml_format, "application/xml"),
        (xml11_format, "application/xml"),
        (json_format, "application/json"),
        (json11_format, "application/json"),
        (xml2_format, "application/xml"),
        (xml21_format, "application/xml"),
        (json2_format, "application/json"),
        (json21_format, "application/json"),
    ],
)
def test_every_version_validates_and_the_reference_receiver_takes_it(module, content_type):
    report = _report_with_point()
    record = module.record(report, read_file=lambda a: b"") if module.VERSION.startswith("2") else module.record(report)
    payload = module.render(record)
    parsed, _files = receiver.parse(content_type, payload)
    assert parsed["reference"] == report.reference
    if module.VERSION.endswith(".1"):
        assert parsed["location"]["point"] == {"latitude": 43.45, "longitude": -79.70}
        assert parsed["location"]["address_id"]
    else:
        assert "point" not in parsed["location"]


def test_the_new_versions_say_so():
    report = _report_with_point()
    assert canonical_report(report)["schema"] == "openreport.incident/1.0"
    assert full_report(report, read_file=lambda a: b"", version=SCHEMA_V2_1)["schema"] == SCHEMA_V2_1


def test_the_vendored_autocomplete_is_npms():
    npm = ROOT / "node_modules" / "accessible-autocomplete"
    if not npm.exists():
        pytest.skip("npm's copy is not installed (make test installs it)")
    vendored = ROOT / "forms_app" / "static" / "forms_app" / "vendor" / "accessible-autocomplete"
    for name in ("accessible-autocomplete.min.js", "accessible-autocomplete.min.css"):
        assert (vendored / name).read_bytes() == (npm / "dist" / name).read_bytes()
    assert (vendored / "LICENSE.txt").read_bytes() == (npm / "LICENSE.txt").read_bytes()


def test_seed_demo_gives_an_older_demo_the_address_question_instead_of_the_three_location_questions():
    from forms_app import demo
    from forms_app.models import ReportFormField
    from tests.factories import demo_home

    page = in_demo(ReportFormPage).get(slug=FORM)
    copies = [page, *page.get_translations()]
    for copy in copies:  # as a demo made before the Address question was
        copy.form_fields.filter(clean_name=NAME).delete()
        for n, (label, kind) in enumerate(
            [
                ("Street address or nearest intersection", "singleline"),
                ("Town or city", "singleline"),
                ("Postal code", "postal_code"),
            ]
        ):
            ReportFormField.objects.create(page=copy, sort_order=100 + n, label=label, field_type=kind)
    demo.seed(demo_home())
    for copy in copies:
        names = [f.clean_name for f in ReportFormPage.objects.get(pk=copy.pk).get_form_fields()]
        assert NAME in names
        assert not set(demo.LOCATION_QUESTIONS) & set(names)
        assert names.index(NAME) == 3
