"""Agency boundaries and points, on our own data: GeoJSON checked with a message staff can act on,
a point on the edge counts as inside, distances in metres; the register found as one types."""

import json

import pytest
from django.core.exceptions import ValidationError

from tests.factories import DEMO_SQUARE, AddressFactory, demo_site, make_agency
from website import addresses, geo
from website.models import Address


def message(value):
    with pytest.raises(ValidationError) as error:
        geo.parse_boundary(value)
    return " ".join(error.value.messages)


def test_a_polygon_a_feature_and_a_collection_are_taken_as_the_same_shape():
    feature = {"type": "Feature", "properties": {}, "geometry": DEMO_SQUARE}
    collection = {"type": "FeatureCollection", "features": [feature]}
    for value in (DEMO_SQUARE, feature, json.dumps(collection), json.dumps(feature).encode()):
        parsed = geo.parse_boundary(value)
        assert parsed["type"] == "Polygon"
        assert geo.covers(parsed, 43.4, -79.7)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("{not json", "not valid GeoJSON (line 1"),
        (b"\xff\xfe\x00", "not text"),
        ("[1, 2]", "needs a “type”"),
        ('{"type": "Point", "coordinates": [-79.7, 43.4]}', "Polygon or a MultiPolygon, not a Point"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1]]]}', "cannot be read"),
        ('{"type": "FeatureCollection", "features": []}', "no features"),
        (
            '{"type": "Polygon", "coordinates": [[[600000, 4800000], [610000, 4800000], [610000, 4810000], '
            "[600000, 4800000]]]}",
            "EPSG:4326",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}',
            "not a valid shape (Self-intersection",
        ),
    ],
)
def test_a_bad_boundary_is_refused_with_what_is_wrong(value, words):
    assert words in message(value)


def test_the_edge_and_the_corner_are_inside_and_just_beyond_is_outside():
    assert geo.covers(DEMO_SQUARE, 43.3, -79.7) is True  # on the southern edge
    assert geo.covers(DEMO_SQUARE, 43.5, -79.6) is True  # a corner
    assert geo.covers(DEMO_SQUARE, 43.29999, -79.7) is False
    assert geo.covers(DEMO_SQUARE, 43.4, -79.59999) is False
    assert geo.covers(None, 43.4, -79.7) is None


def test_distances_and_the_box_around_a_point():
    assert round(geo.metres_between((43.45, -79.68), (43.45, -79.68))) == 0
    # One thousandth of a degree of latitude is about 111 m.
    assert 110 < geo.metres_between((43.450, -79.68), (43.451, -79.68)) < 112
    south, north, west, east = geo.box_around(43.45, -79.68, 250)
    assert geo.metres_between((43.45, -79.68), (north, -79.68)) == pytest.approx(250, rel=1e-3)
    assert geo.metres_between((43.45, -79.68), (43.45, east)) == pytest.approx(250, rel=1e-3)
    assert south < 43.45 < north and west < -79.68 < east


@pytest.mark.django_db
def test_the_agency_says_whether_it_covers_a_point():
    from website.models import AgencySettings

    agency = AgencySettings.for_site(demo_site())
    agency.boundary = None  # the demo's own (seed_demo) set aside
    assert agency.covers_point(43.4, -79.7) is None
    agency.boundary = geo.parse_boundary(DEMO_SQUARE)
    assert agency.covers_point(43.4, -79.7) is True
    assert agency.covers_point(45.0, -79.7) is False


@pytest.mark.django_db
def test_the_register_is_searched_by_what_one_types_and_only_the_agencys_own():
    Address.objects.filter(site=demo_site()).delete()  # the demo register (website/demo_register.py)
    twelve = AddressFactory(civic_number="12", street="Main Street West")
    AddressFactory(civic_number="120", street="Main Street West")
    AddressFactory(civic_number="12", street="Lakeshore Road East", municipality="Burlington")
    north = make_agency()
    AddressFactory(site=north, civic_number="12", street="Main Street North")
    found = list(addresses.search(demo_site(), "12 MAIN"))
    # The address typed comes first; PostgreSQL then offers others holding both words (120 Main).
    assert found[0].label == "12 Main Street West, Oakville L6H 2R4"
    assert found[0] == twelve
    assert {a.street for a in found} == {"Main Street West"}
    assert not list(addresses.search(demo_site(), "1"))  # one character: too little to search
    assert {a.civic_number for a in addresses.search(demo_site(), "12")} == {"12", "120"}
    assert addresses.as_json(twelve)["street_line"] == "12 Main Street West"
    assert addresses.normalise("Rue St-Étienne, app. 4") == "rue st etienne app 4"


@pytest.mark.django_db
def test_on_postgresql_words_anywhere_in_the_address_are_found_after_the_prefix_matches():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram search is PostgreSQL's (SQLite searches by prefix)")
    Address.objects.filter(site=demo_site()).delete()  # the demo register (website/demo_register.py)
    AddressFactory(civic_number="12", street="Main Street West")
    AddressFactory(civic_number="7", street="Main Street West", municipality="Milton", postal_code="L9T 1A1")
    found = [a.label for a in addresses.search(demo_site(), "main milton")]
    assert found == ["7 Main Street West, Milton L9T 1A1"]


@pytest.mark.django_db
def test_the_autocomplete_answers_from_the_register_of_the_site_asked(client):
    Address.objects.filter(site=demo_site()).delete()  # the demo register (website/demo_register.py)
    AddressFactory(civic_number="12", street="Main Street West")
    north = make_agency()
    AddressFactory(site=north, civic_number="12", street="Main Street North")
    response = client.get("/addresses/search/", {"q": "12 main"})
    assert response.status_code == 200
    assert [r["label"] for r in response.json()["results"]] == ["12 Main Street West, Oakville L6H 2R4"]
    other = client.get("/addresses/search/", {"q": "12 main"}, HTTP_HOST=north.hostname)
    assert [r["street"] for r in other.json()["results"]] == ["Main Street North"]
    assert client.get("/addresses/search/", {"q": "\x00" * 50}).json() == {"results": []}
    assert client.get("/addresses/search/", {"q": "\x00" * 500}).status_code == 400  # longer than an address
    assert client.post("/addresses/search/", {"q": "12"}).status_code == 405


@pytest.mark.django_db
def test_a_point_inside_another_agencys_boundary_names_that_agency():
    from forms_app.jurisdiction import agency_serving
    from website.demo_geo import DEMO_BOUNDARY, LAKESHORE_BOUNDARY
    from website.models import AgencySettings

    AgencySettings.objects.update(boundary=None)  # the demo agencies' own (seed_demo) set aside
    north = make_agency()
    settings = AgencySettings.for_site(north)
    settings.boundary = LAKESHORE_BOUNDARY
    settings.save()
    demo = AgencySettings.for_site(demo_site())
    demo.boundary = DEMO_BOUNDARY
    demo.save()
    assert agency_serving(point=(43.55, -79.60), exclude_site_id=demo.site_id) == settings
    # On the shared edge: both cover it; the other agency is found from either side.
    assert agency_serving(point=(43.50, -79.64), exclude_site_id=north.pk) == demo
    assert agency_serving(point=(45.0, -79.60), exclude_site_id=demo.site_id) is None
