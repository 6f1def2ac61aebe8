"""The address register's admin pages: who may use them (the Communications role, of the agency
only), upload -> column mapping -> import with its progress and counts, export, the audit; the
public search's limits; the demo register."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory, demo_site, make_agency
from website.models import Address, AddressImport, AuditEvent

pytestmark = pytest.mark.django_db

CSV = (
    b"source_id,civic_number,street,municipality,postal_code,latitude,longitude\n"
    b"R1,12,Main Street,Oakville,L6H 2R4,43.45,-79.68\n"
    b"R2,14,Main Street,Oakville,bad,43.45,-79.68\n"
)


def upload(client, site, content=CSV, name="register.csv"):
    return client.post(
        reverse("address_register", args=[site.pk]), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_communications_staff_import_their_agencys_register_with_progress_counts_and_audit(client):
    site = make_agency()
    comms = UserFactory(role="comms", agencies=[site])
    client.force_login(comms)
    assert client.get(reverse("address_register_agencies")).url == reverse("address_register", args=[site.pk])
    assert client.get(reverse("address_register", args=[site.pk])).status_code == 200
    response = upload(client, site)
    job = AddressImport.objects.get(site=site)
    assert response.url == reverse("address_import", args=[job.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and "Which column holds each address field?" in page.text
    mapping = {**job.mapping, "street": ""}
    page = client.post(response.url, mapping)  # the street is required
    assert "Choose the column that holds: Street name." in page.text
    response = client.post(reverse("address_import", args=[job.pk]), job.mapping)  # eager: runs here
    job.refresh_from_db()
    assert job.status == AddressImport.Status.DONE
    assert (job.created, job.updated, job.error_count, job.outside) == (1, 0, 1, 0)
    assert job.errors == [[3, "“BAD” is not a Canadian postal code (e.g. L6H 2R4)."]]
    page = client.get(response.url)
    assert '<progress id="address-import-bar" max="100" value="100">' in page.text
    assert "Finished: 2 of 2 rows read (100%)." in page.text
    progress = client.get(reverse("address_import_progress", args=[job.pk])).json()
    assert progress | {"text": ""} == {
        "status": "done",
        "status_label": "Finished",
        "finished": True,
        "percent": 100,
        "processed": 2,
        "total": 2,
        "created": 1,
        "updated": 0,
        "errors": 1,
        "outside": 0,
        "text": "",
    }
    actions = list(AuditEvent.objects.filter(site=site).values_list("action", flat=True))
    assert actions[-2:] == ["import_started", "import_done"]
    export = client.get(reverse("address_register_export", args=[site.pk, "csv"]))
    body = b"".join(export.streaming_content).decode()
    assert body.splitlines() == [
        "source_id,civic_number,street,unit,municipality,province,postal_code,latitude,longitude",
        "R1,12,Main Street,,Oakville,ON,L6H 2R4,43.45,-79.68",
    ]
    xlsx = client.get(reverse("address_register_export", args=[site.pk, "xlsx"]))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(site=site, action="export").count() == 2


def test_a_bad_file_is_refused_with_its_reason(client):
    site = make_agency()
    client.force_login(UserFactory(role="comms", agencies=[site]))
    response = upload(client, site, b"PK\x03\x04rest", "register.xlsx")
    assert response.status_code == 200 and "This is not a CSV file" in response.text
    assert "save it as “CSV UTF-8”" in upload(client, site, "a,b\nÉ,1\n".encode("latin-1")).text
    assert not AddressImport.objects.filter(site=site).exists()


def test_another_agencys_register_is_not_found_and_other_roles_are_refused(client):
    site, other = make_agency(), demo_site()
    job = AddressImport.objects.create(site=other, file_name="x.csv", path="/nonexistent", columns=["a"])
    client.force_login(UserFactory(role="comms", agencies=[site]))
    for url in (
        reverse("address_register", args=[other.pk]),
        reverse("address_import", args=[job.pk]),
        reverse("address_import_progress", args=[job.pk]),
        reverse("address_register_export", args=[other.pk, "csv"]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("address_import", args=[job.pk]), {"source_id": "a"}).status_code == 404
    assert AuditEvent.objects.filter(action="denied").count() >= 4
    client.force_login(UserFactory(role="reviewer", agencies=[site]))
    # Wagtail answers a refusal with its dashboard and a message.
    assert client.get(reverse("address_register", args=[site.pk])).url == "/admin/"
    assert client.get(reverse("address_register_agencies")).url == "/admin/"


def test_a_member_of_two_agencies_picks_one(client):
    site = make_agency()
    client.force_login(UserFactory(role="comms", agencies=[site, demo_site()]))
    page = client.get(reverse("address_register_agencies"))
    assert page.status_code == 200
    assert reverse("address_register", args=[site.pk]) in page.text
    assert reverse("address_register", args=[demo_site().pk]) in page.text


def test_the_search_refuses_long_text_and_clients_asking_too_fast(client, settings):
    settings.ADDRESS_SEARCH_RATE_LIMIT = 3
    response = client.get("/addresses/search/", {"q": "12 main"})
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert response.json()["results"][0]["street_line"] == "12 Main Street"  # the demo register
    assert client.get("/addresses/search/", {"q": "x" * 101}).status_code == 400
    client.get("/addresses/search/", {"q": "12 main"})
    client.get("/addresses/search/", {"q": "12 main"})
    refused = client.get("/addresses/search/", {"q": "12 main"})
    assert refused.status_code == 429
    assert refused.json() == {"error": "Too many searches: wait a minute and try again.", "results": []}


def test_the_demo_register_is_the_same_every_time_and_inside_the_boundary():
    from website.demo_geo import DEMO_BOUNDARY
    from website.demo_register import seed
    from website.geo import covers

    site = demo_site()
    before = list(Address.objects.filter(site=site).order_by("source_id").values())
    assert 2000 < len(before) < 10_000
    assert seed(site) == len(before)
    assert list(Address.objects.filter(site=site).order_by("source_id").values()) == before
    assert all(covers(DEMO_BOUNDARY, a["latitude"], a["longitude"]) for a in before)
    assert any(a["unit"] for a in before)
    assert {a["municipality"] for a in before} == {"Oakville", "Burlington", "Milton", "Halton Hills"}
    assert seed(make_agency()) == 0  # not a demo agency
