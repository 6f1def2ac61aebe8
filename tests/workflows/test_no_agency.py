"""Staff with a role but no agency yet are told so on /workflow/, and whom to ask, instead of
empty lists; the menu's counts are always their own agencies' tasks."""

import re

import pytest
from django.utils import translation

from tests.factories import UserFactory, demo_site, make_agency, make_report

pytestmark = pytest.mark.django_db
LISTS = ["/workflow/tasks/queue/", "/workflow/tasks/inbox/", "/workflow/tasks/archive/"]
FLOW = "/workflow/tasks/flows/report/"
FLOW_PAGES = [FLOW, f"{FLOW}flows/", f"{FLOW}tasks/"]  # the dashboard, the processes, the tasks


def menu_count(html, label):
    """The number the menu shows beside ``label`` (Inbox, Queue)."""
    match = re.search(rf">{label}</span>\s*<span class=\"mdc-list-item__meta\">(\d+)</span>", html)
    return int(match[1])


@pytest.mark.parametrize("url", LISTS + FLOW_PAGES)
def test_a_reviewer_with_no_agency_is_told_so_and_whom_to_ask(client, url):
    make_report()
    client.force_login(UserFactory(role="reviewer"))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You belong to no agency yet" in html
    assert "under Settings > Users" in html
    assert "admin@example.invalid" in html  # the demo's administrator, whom to ask


def test_the_page_is_in_french_too(client):
    user = UserFactory(role="supervisor")
    client.force_login(user)
    with translation.override("fr"):
        html = client.get(LISTS[0], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Vous n’appartenez encore à aucun service" in html


def test_staff_of_an_agency_see_their_lists(client):
    report = make_report()
    client.force_login(UserFactory(role="reviewer", agencies=[demo_site()]))
    html = client.get(LISTS[0]).content.decode()
    assert "You belong to no agency yet" not in html
    assert report.reference in html


@pytest.mark.parametrize("url", LISTS)
def test_the_menu_counts_only_my_agencys_tasks(client, url):
    """The menu's counts (viewflow's app menu, beside the task lists): the user's agencies' tasks."""
    north = make_agency()
    for _ in range(3):
        make_report()
    make_report(north)
    client.force_login(UserFactory(role="reviewer", agencies=[north]))
    response = client.get(url)
    assert response.context["user_queue"].count() == 1
    assert response.context["user_inbox"].count() == 0


def test_the_queue_menu_shows_a_user_with_no_agency_no_tasks(client):
    for _ in range(3):
        make_report()
    client.force_login(UserFactory(role="reviewer"))
    html = client.get("/workflow/tasks/queue/").content.decode()
    assert menu_count(html, "Queue") == 0
    assert menu_count(html, "Inbox") == 0
