"""Rejection reasons are each agency's own: listed, chosen, edited and offered on the review form
to that agency's staff only."""

import pytest

from tests.factories import UserFactory, demo_site, make_agency, make_report
from workflows.forms import ReviewForm
from workflows.models import RejectionReason

pytestmark = pytest.mark.django_db
URL = "/admin/snippets/workflows/rejectionreason/"


def test_each_agency_lists_and_edits_only_its_own_reasons(client):
    north = make_agency()
    mine = RejectionReason.objects.get(site=north)
    theirs = RejectionReason.objects.filter(site=demo_site()).first()
    client.force_login(UserFactory(role="supervisor", agencies=[north]))
    listing = client.get(URL).content.decode()
    assert mine.title in listing and theirs.title not in listing
    assert client.get(f"{URL}edit/{mine.pk}/").status_code == 200
    assert client.get(f"{URL}edit/{theirs.pk}/").status_code == 404
    form = client.get(f"{URL}add/").context["form"]
    assert list(form.fields["site"].queryset) == [north]
    response = client.post(f"{URL}add/", {"site": demo_site().pk, "title": "Planted", "text_en": "x", "text_fr": "x"})
    assert response.status_code == 200  # the other agency is not a valid choice
    assert not RejectionReason.objects.filter(title="Planted").exists()


def test_the_review_form_offers_the_reports_agencys_reasons():
    north = make_agency()
    form = ReviewForm(report=make_report(north))
    assert list(form.fields["rejection_reason"].queryset) == list(RejectionReason.objects.filter(site=north))


def test_communications_staff_add_and_change_their_agencys_reasons_only(client):
    north = make_agency()
    mine = RejectionReason.objects.get(site=north)
    theirs = RejectionReason.objects.filter(site=demo_site()).first()
    client.force_login(UserFactory(role="comms", agencies=[north]))
    response = client.post(f"{URL}add/", {"site": north.pk, "title": "Civil matter", "text_en": "x", "text_fr": "x"})
    assert response.status_code == 302
    assert RejectionReason.objects.get(title="Civil matter").site == north
    data = {"site": north.pk, "title": "Not ours", "text_en": "x", "text_fr": "x", "active": "on"}
    assert client.post(f"{URL}edit/{mine.pk}/", data).status_code == 302
    assert client.get(f"{URL}edit/{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}edit/{theirs.pk}/", {**data, "site": demo_site().pk}).status_code == 404
    response = client.post(f"{URL}add/", {"site": demo_site().pk, "title": "Planted", "text_en": "x", "text_fr": "x"})
    assert response.status_code == 200
    assert not RejectionReason.objects.filter(title="Planted").exists()
    mine.refresh_from_db()
    assert mine.title == "Not ours"


def test_the_migration_gives_an_existing_installs_communications_group_the_permissions():
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    comms = Group.objects.get(name="Communications")
    comms.permissions.remove(*comms.permissions.filter(content_type__app_label="workflows"))
    migration = importlib.import_module("workflows.migrations.0003_communications_edit_rejection_reasons")
    migration.grant(apps, None)
    codenames = set(comms.permissions.filter(content_type__app_label="workflows").values_list("codename", flat=True))
    assert codenames == {"add_rejectionreason", "change_rejectionreason", "view_rejectionreason"}
