"""The Content-Security-Policy header: strict on the public site and the citizen's steps, with the
few extras Wagtail's admin and viewflow's screens need on those screens only, and no outside
host anywhere. That the pages really keep to it is checked in Chromium (tests/e2e/test_csp.py)."""

import re

import pytest
from django.http import HttpResponse

from tests.factories import UserFactory, demo_site, make_report
from tests.forms_app.conftest import fill_details, pass_screening
from website.security import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db

PUBLIC = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


def policy(response):
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def no_outside_host(directives):
    """Every source is a keyword ('self', 'none', 'unsafe-inline'...): no host, no scheme."""
    return all(re.fullmatch(r"'[a-z-]+'", source) for value in directives.values() for source in value.split())


def test_a_public_page_has_the_strict_policy(client, home):
    response = client.get(home.url)
    assert response.status_code == 200
    assert policy(response) == PUBLIC


def test_the_news_and_a_missing_page_have_it_too(client, news_index):
    assert policy(client.get(news_index.url)) == PUBLIC
    assert policy(client.get("/no-such-page/")) == PUBLIC


def test_each_citizen_step_has_the_strict_policy(client, theft_page):
    steps = [client.get(theft_page.url)]
    pass_screening(client, theft_page)
    steps.append(client.get(theft_page.url + "details/"))
    fill_details(client, theft_page)
    steps.append(client.get(theft_page.url + "check/"))
    assert [r.status_code for r in steps] == [200, 200, 200]
    for response in steps:
        assert policy(response) == PUBLIC
        assert "unsafe" not in response["Content-Security-Policy"]


def test_the_admin_adds_inline_script_and_style_elements_only(client, home):
    client.force_login(UserFactory(is_superuser=True))
    for url in ("/admin/", f"/admin/pages/{home.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 200
        assert policy(response) == {
            **PUBLIC,
            "script-src-elem": "'self' 'unsafe-inline'",
            "style-src-elem": "'self' 'unsafe-inline'",
        }


def test_the_workflow_screens_add_inline_styles_only(client):
    from workflows.flows import ReportFlow
    from workflows.models import ReportProcess

    report = make_report()
    reviewer = UserFactory(role="reviewer", agencies=[demo_site()])
    task = ReportProcess.objects.get(artifact_object_id=report.pk).task_set.get(flow_task=ReportFlow.review)
    client.force_login(reviewer)
    base = f"/workflow/tasks/flows/report/{task.process_id}/"
    for url in ("/workflow/tasks/queue/", base, f"{base}review/{task.pk}/assign/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == {**PUBLIC, "style-src": "'self' 'unsafe-inline'"}


def test_the_login_page_is_an_admin_screen(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "script-src-elem" in policy(response)


def test_no_policy_names_an_outside_host_or_allows_eval(client, home):
    client.force_login(UserFactory(is_superuser=True))
    for url in (home.url, "/admin/", "/workflow/"):
        response = client.get(url)
        header = response["Content-Security-Policy"]
        assert no_outside_host(policy(response)), header
        assert "unsafe-eval" not in header
        assert "http" not in header and "*" not in header


def test_a_views_own_update_is_kept_on_a_staff_screen(rf):
    """A view's ``csp_update`` adds to the staff screen's extras rather than replacing them."""
    response = HttpResponse()
    response._csp_update = {"img-src": "blob:", "style-src-elem": ["'self'"]}
    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    middleware.process_response(rf.get("/admin/"), response)
    assert policy(response) == {
        **PUBLIC,
        "img-src": "'self' blob:",
        "script-src-elem": "'self' 'unsafe-inline'",
        "style-src-elem": "'self' 'unsafe-inline'",
    }
