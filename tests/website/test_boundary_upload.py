"""The agency's boundary in its settings: uploaded as a GeoJSON file, checked on save (each
problem a message on the field, nothing typed elsewhere lost), removed, drawn, and audited."""

import html as html_lib
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.contrib.settings.views import get_setting_edit_handler

from tests.factories import DEMO_SQUARE, UserFactory, demo_site, make_agency
from website.models import AgencySettings, AuditEvent

pytestmark = pytest.mark.django_db


def url(site):
    return f"/admin/settings/website/agencysettings/{site.pk}/"


@pytest.fixture
def admin(client):
    user = get_user_model().objects.get(username="admin")
    client.force_login(user)
    return user


def form_data(site, user, **changes):
    """What the settings form posts as it stands (every field as shown), with ``changes``."""
    form_class = get_setting_edit_handler(AgencySettings).get_form_class()
    form = form_class(instance=AgencySettings.for_site(site), for_user=user)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if name in ("boundary_file", "remove_boundary", "pending_boundary") or value is None:
            continue
        data[name] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(changes)
    return data


def geojson(value, name="area.geojson"):
    text = value if isinstance(value, bytes | str) else json.dumps(value)
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, content_type="application/json")


def boundary_events(site):
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.BOUNDARY_CHANGED, site=site))


def test_a_valid_file_becomes_the_boundary_and_is_audited(client, admin):
    site = demo_site()
    AgencySettings.objects.filter(site=site).update(boundary=None)
    response = client.post(url(site), form_data(site, admin, boundary_file=geojson(DEMO_SQUARE)))
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = AgencySettings.objects.get(site=site).boundary
    assert saved["type"] == "Polygon"
    assert saved["coordinates"][0][0] == [-79.8, 43.3]
    [event] = boundary_events(site)
    assert (event.user, event.outcome, event.detail) == (admin, "set", "set: Polygon, 5 points")
    assert event.target == AgencySettings.objects.get(site=site)


def test_a_feature_collection_is_accepted(client, admin):
    site = demo_site()
    collection = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": DEMO_SQUARE}]}
    response = client.post(url(site), form_data(site, admin, boundary_file=geojson(collection)))
    assert response.status_code == 302
    assert AgencySettings.objects.get(site=site).boundary["type"] == "Polygon"


BAD_FILES = {
    "not json": (b"{not json", "not valid GeoJSON (line 1"),
    "not text": (b"\xff\xfe\x00\x81", "not text"),
    "a point": (json.dumps({"type": "Point", "coordinates": [-79.7, 43.4]}), "not a Point"),
    "no type": (json.dumps({"coordinates": []}), "needs a “type”"),
    "no features": (json.dumps({"type": "FeatureCollection", "features": []}), "holds no features"),
    "no coordinates": (json.dumps({"type": "Polygon"}), "has no coordinates"),
    "unreadable": (json.dumps({"type": "Polygon", "coordinates": [["x"]]}), "cannot be read"),
    "projected": (
        json.dumps(
            {
                "type": "Polygon",
                "coordinates": [[[600000, 4800000], [601000, 4800000], [601000, 4801000], [600000, 4800000]]],
            }
        ),
        "EPSG:4326",
    ),
    "bow tie": (
        json.dumps({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}),
        "not a valid shape",
    ),
    "too large": (b" " * (5 * 1024 * 1024 + 10), "larger than 5 MB"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_a_message_on_the_field_and_nothing_is_lost(client, admin, case):
    site = demo_site()
    before = AgencySettings.objects.get(site=site).boundary
    content, message = BAD_FILES[case]
    data = form_data(site, admin, boundary_file=geojson(content), address="1 Typed Street")
    response = client.post(url(site), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["boundary_file"]
    assert message in " ".join(errors["boundary_file"])
    html = response.content.decode()
    assert "1 Typed Street" in html  # what the user typed elsewhere stays in the form
    assert AgencySettings.objects.get(site=site).boundary == before
    assert AgencySettings.objects.get(site=site).address != "1 Typed Street"
    assert boundary_events(site) == []


def test_a_checked_file_waits_while_another_setting_has_an_error(client, admin):
    site = demo_site()
    AgencySettings.objects.filter(site=site).update(boundary=None)
    data = form_data(site, admin, boundary_file=geojson(DEMO_SQUARE), non_emergency_phone="call me")
    response = client.post(url(site), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["non_emergency_phone"]
    html = response.content.decode()
    assert "The boundary file you chose is valid" in html
    pending = re.search(r'name="pending_boundary" value="([^"]*)"', html).group(1)
    assert pending
    # Fixed, without choosing the file again: the waiting boundary is saved.
    data = form_data(site, admin, pending_boundary=html_lib.unescape(pending))
    assert client.post(url(site), data).status_code == 302
    assert AgencySettings.objects.get(site=site).boundary["coordinates"][0][0] == [-79.8, 43.3]


def test_a_forged_waiting_boundary_is_checked_as_a_file_is(client, admin):
    site = demo_site()
    before = AgencySettings.objects.get(site=site).boundary
    data = form_data(site, admin, pending_boundary=json.dumps({"type": "Point", "coordinates": [0, 0]}))
    response = client.post(url(site), data)
    assert response.status_code == 200
    assert "Choose the boundary file again." in " ".join(response.context["form"].errors["pending_boundary"])
    assert AgencySettings.objects.get(site=site).boundary == before


def test_remove_the_boundary(client, admin):
    site = demo_site()
    AgencySettings.objects.filter(site=site).update(boundary=DEMO_SQUARE)
    response = client.post(url(site), form_data(site, admin, remove_boundary="on"))
    assert response.status_code == 302
    assert AgencySettings.objects.get(site=site).boundary is None
    [event] = boundary_events(site)
    assert (event.outcome, event.detail) == ("removed", "removed")


def test_remove_and_a_new_file_together_is_refused(client, admin):
    site = demo_site()
    AgencySettings.objects.filter(site=site).update(boundary=DEMO_SQUARE)
    response = client.post(url(site), form_data(site, admin, remove_boundary="on", boundary_file=geojson(DEMO_SQUARE)))
    assert response.status_code == 200
    assert "not both" in " ".join(response.context["form"].errors["remove_boundary"])
    assert AgencySettings.objects.get(site=site).boundary == DEMO_SQUARE


def test_saving_other_settings_keeps_the_boundary_and_is_not_audited(client, admin):
    site = demo_site()
    AgencySettings.objects.filter(site=site).update(boundary=DEMO_SQUARE)
    response = client.post(url(site), form_data(site, admin, address="2 New Street"))
    assert response.status_code == 302
    saved = AgencySettings.objects.get(site=site)
    assert (saved.boundary, saved.address) == (DEMO_SQUARE, "2 New Street")
    assert boundary_events(site) == []


def test_the_settings_page_draws_the_boundary_with_an_accessible_name(client, admin):
    site = demo_site()
    AgencySettings.objects.filter(site=site).update(boundary=DEMO_SQUARE)
    html = client.get(url(site)).content.decode()
    svg = re.search(r"<svg[^>]*location-map.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    label_id = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
    title = re.search(rf'<title id="{label_id}">([^<]+)</title>', svg).group(1)
    assert title.startswith("Map of the agency’s boundary: the agency’s boundary, about 16 km east to west and 22 km")
    assert "style=" not in svg  # the Content-Security-Policy refuses style attributes
    assert 'name="boundary_file"' in html and 'enctype="multipart/form-data"' in html
    assert "The boundary now saved: about 16 km east to west" in html


def test_with_no_boundary_the_page_says_so(client, admin):
    site = demo_site()
    AgencySettings.objects.filter(site=site).update(boundary=None)
    html = client.get(url(site)).content.decode()
    assert "No boundary is saved" in html
    assert "<svg" not in html.split('name="boundary_file"')[0].split("Boundary")[-1]


def test_another_agencys_staff_cannot_change_its_boundary(client):
    north = make_agency()
    comms = UserFactory(role="comms", agencies=[north])
    client.force_login(comms)
    site = demo_site()
    before = AgencySettings.objects.get(site=site).boundary
    response = client.post(url(site), {"boundary_file": geojson(DEMO_SQUARE), "remove_boundary": "on"})
    assert response.status_code in (302, 403, 404)
    assert AgencySettings.objects.get(site=site).boundary == before
    assert boundary_events(site) == []
