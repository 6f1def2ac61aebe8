"""A new member of staff is given their agency in the Wagtail admin, in Chromium, and works.

The demo administrator (a superuser: password, then a code from their authenticator app) opens
Settings > Users, adds a user, ticks the demo agency under "Agencies" and the Reviewers role.
The new officer then signs in at /workflow/ for the first time: they set up their second factor
(the test reads the key the set-up page shows and computes the code, as their app would), keep
their recovery codes, and reach the queue with the agency's report in it.
"""

import re

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.e2e import test_accessibility
from tests.e2e.conftest import enter_second_factor, staff_authenticator
from tests.e2e.test_accessibility import check
from tests.e2e.test_mfa import TEXT, code_from_key
from tests.e2e.test_review_journey import TEXT as REVIEW_TEXT
from tests.e2e.test_review_journey import log_in_to_tasks, make_staff

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.e2e,
    pytest.mark.usefixtures("one_request_at_a_time"),
]
axe_source = test_accessibility.axe_source  # its fixture: axe-core's source
AGENCY = "Demo Regional Police Service"
OFFICER = "noor-officer"
OFFICER_PASSWORD = "new-Officer-passw0rd"


def log_in_as_the_administrator(page, base):
    device = staff_authenticator("admin")
    page.goto(base + "/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, device)
    page.wait_for_url(base + "/admin/")


def test_an_administrator_gives_a_new_officer_their_agency_and_they_see_its_queue(
    page, new_page, demo_site, screenshot
):
    from django.contrib.auth import get_user_model

    from tests.factories import make_report
    from website.models import AgencyMembership, AuditEvent

    base = demo_site.url
    report = make_report()

    log_in_as_the_administrator(page, base)
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Users").click()
    page.get_by_role("link", name="Add a user").click()
    page.get_by_label("Username").fill(OFFICER)
    page.get_by_label("Email").fill("noor@police.example")
    page.get_by_label("First Name").fill("Noor")
    page.get_by_label("Last Name").fill("Officer")
    page.locator("#id_password1").fill(OFFICER_PASSWORD)
    page.locator("#id_password2").fill(OFFICER_PASSWORD)
    page.get_by_label(AGENCY, exact=True).check()  # under "Agencies"
    page.get_by_role("tab", name="Roles").first.click()
    page.get_by_label("Reviewers", exact=True).check()
    screenshot("agency-access-1-new-user", of=page)
    page.get_by_role("button", name="Create").click()
    page.get_by_text(f"User '{OFFICER}' created.").wait_for()
    row = page.get_by_role("row", name=re.compile(OFFICER))
    assert AGENCY in row.inner_text()  # the listing shows the agency

    officer = get_user_model().objects.get(username=OFFICER)
    assert list(AgencyMembership.objects.filter(user=officer).values_list("site__site_name", flat=True)) == [AGENCY]
    assert AuditEvent.objects.about(officer).filter(action="member_added").count() == 1

    # The officer's first sign-in: the password, setting up the app, the recovery codes.
    text = TEXT["en"]
    officer_page = new_page()
    officer_page.goto(base + "/workflow/")
    officer_page.get_by_label(text["username"]).fill(OFFICER)
    officer_page.get_by_label(text["password"]).fill(OFFICER_PASSWORD)
    officer_page.get_by_role("button", name=text["sign_in"]).click()
    officer_page.get_by_role("heading", name=text["set_up"]).wait_for()
    key = officer_page.locator(".mfa-secret").inner_text()
    officer_page.get_by_role("textbox", name=text["code"]).fill(code_from_key(key))
    officer_page.get_by_role("button", name=text["confirm"]).click()
    officer_page.get_by_role("heading", name=text["codes"]).wait_for()
    officer_page.get_by_role("link", name=text["continue"]).click()
    officer_page.wait_for_url(re.compile(re.escape(base) + r"/workflow/tasks/queue/"))
    officer_page.get_by_role("row", name=re.compile(re.escape(report.reference))).wait_for()
    assert "You belong to no agency yet" not in officer_page.content()
    screenshot("agency-access-2-officer-queue", of=officer_page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_of_no_agency_are_told_what_to_do_on_an_accessible_page(new_page, demo_site, axe_source, language):
    from website.models import AgencyMembership

    user = make_staff(f"nobody-{language}", "Reviewers", language)
    AgencyMembership.objects.filter(user=user).delete()  # a role, and no agency yet
    text = REVIEW_TEXT[language]
    page = new_page(text["browser_locale"])
    log_in_to_tasks(page, demo_site.url, user.username, text)
    heading = {"en": "You belong to no agency yet", "fr": "Vous n’appartenez encore à aucun service de police"}
    page.get_by_role("heading", name=heading[language]).wait_for()
    assert page.get_by_role("row").count() == 0  # no queue, no report
    check(page, axe_source, f"no agency ({language})")
