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
