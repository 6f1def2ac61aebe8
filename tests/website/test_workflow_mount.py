"""Viewflow's task screens live at /workflow/, ahead of Wagtail's catch-all."""

import pytest
from django.urls import resolve
from wagtail.views import serve

from workflows.viewsets import site as workflow_site

pytestmark = pytest.mark.django_db


def test_workflow_urls_are_served_by_viewflow_not_wagtail():
    match = resolve("/workflow/")
    assert match.func is not serve
    assert match.url_name.extra["site"] is workflow_site
    # A path under /workflow/ that viewflow does not know is a 404 from Django, not a Wagtail page.
    assert resolve("/workflow/tasks/inbox/").url_name.extra["site"] is workflow_site


def test_anonymous_visitor_is_sent_to_the_staff_login(client):
    response = client.get("/workflow/tasks/inbox/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/workflow/tasks/inbox/"


def test_public_pages_are_not_behind_the_login(client):
    assert client.get("/").status_code == 200
