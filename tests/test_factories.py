"""The factories make what the access tests rely on: a second agency with its own form, reports
of each agency, staff of each role in the agencies they are given."""

import pytest

from tests.factories import UserFactory, demo_site, make_agency, make_report

pytestmark = pytest.mark.django_db


def test_a_second_agency_has_its_own_form_reports_and_staff():
    north = make_agency()
    report = make_report(north)
    assert report.site == north
    assert report.reference.startswith("NPS-")
    assert report.page.get_site() == north
    reviewer = UserFactory(role="reviewer", agencies=[north])
    assert reviewer.has_perm("workflows.review_report")
    assert list(reviewer.agency_memberships.values_list("site", flat=True)) == [north.pk]
    assert make_report().site == demo_site()
