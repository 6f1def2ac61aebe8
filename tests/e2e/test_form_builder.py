"""A communications officer builds a report form in the Wagtail admin, in Chromium, and a
citizen reports through it.

The officer (group Communications, as ``seed_demo`` sets it up: add, edit and publish pages
under the home page) adds a report form page under the home page, gives it its title,
introduction and incident type, keeps the standard screening questions, adds the fields and maps
each one to its element of the RMS report. Publishing with the narrative unmapped is refused
with a message that names it; once mapped, the form is published. A citizen then finds it on the
home page, answers the screening questions, fills it in, checks the answers and sends it; the
stored report carries the answers where the mapping put them.
"""

import datetime
import re

import pytest
from django.utils import timezone

from tests.e2e.conftest import screening_questions

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.e2e,
    pytest.mark.usefixtures("one_request_at_a_time"),
]

PASSWORD = "form-Builder-passw0rd"
TITLE = "Report graffiti"
INTRO = "Tell us about graffiti on your home, your car or your business."
INCIDENT_TYPE = "Mischief / damage to property"
NARRATIVE = "What was damaged, and how?"
NARRATIVE_ELEMENT = "Narrative (what happened)"
MISSING_NARRATIVE = "This form cannot be published until fields are mapped to: what happened (narrative)."

# label, field type, RMS element, the citizen's answer
FIELDS = [
    ("When did you notice it?", "Date", "Occurred from: date (or date and time)", "2026-11-21"),
    ("Street address or nearest intersection", "Single line text", "Location: street address", "55 Navy St"),
    ("Town or city", "Single line text", "Location: municipality", "Oakville"),
    (NARRATIVE, "Multi-line text", NARRATIVE_ELEMENT, "Spray paint on the side wall of the garage."),
    ("Last name", "Single line text", "Reporter: last name", "Tremblay"),
    ("Email address", "Email", "Reporter: email", "jean@example.org"),
]


@pytest.fixture
def comms_user(demo_site):
    """A communications officer, with the permissions seed_demo gives that group."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        "comms-builder", email="comms-builder@example.invalid", password=PASSWORD, first_name="Casey"
    )
    user.groups.add(Group.objects.get(name="Communications"))
    return user


def log_in_to_admin(page, base, username):
    page.goto(base + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")


def publish(page):
    """The footer's action menu: Publish is in the dropdown of the Save draft button."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()


def test_comms_build_a_report_form_and_a_citizen_reports_through_it(
    page, new_page, demo_site, comms_user, screenshot, settings
):
    from forms_app.canonical import canonical_report
    from forms_app.mapping import Element
    from forms_app.models import Report, ReportFormPage

    base = demo_site.url
    # Wagtail 8 saves a draft by itself 0.5 s after each change. Until a page is first published
    # that save writes the page and its fields to the database (edit.py: form.save(commit=not
    # live)), so one still on its way when Publish is pressed can put back the fields as they
    # were (seen once in CI: the narrative's mapping lost after publishing). Officers see
    # "Saving..." before they publish; here drafts are saved only when asked.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0

    # The officer opens the home page in the page explorer and adds a report form under it.
    log_in_to_admin(page, base, comms_user.username)
    page.get_by_role("button", name="Pages").click()
    # The English home page (its name may be followed by its language when there are several).
    page.get_by_role("link", name=re.compile(r"^Demo Regional Police Service")).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name="Report form page", exact=True).click()
    page.get_by_role("heading", name="New: Report form page").wait_for()
    screenshot("builder-01-new-form")

    page.get_by_role("textbox", name="Title").fill(TITLE)
    page.get_by_role("region", name="Introduction").get_by_role("textbox").click()
    page.keyboard.type(INTRO)
    page.get_by_role("button", name="Choose incident type").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name=INCIDENT_TYPE).click()
    chooser.wait_for(state="hidden")
    # The four standard screening questions are already there.
    assert page.get_by_role("region", name=re.compile(r"^Screening questions \d$")).count() == 4

    # The fields, each mapped to its RMS element; the narrative left unmapped for now.
    for number, (label, field_type, element, _answer) in enumerate(FIELDS, start=1):
        page.get_by_role("button", name="Add Form fields").click()
        field = page.get_by_role("region", name=f"Form fields {number}", exact=True)
        field.get_by_label("Label").fill(label)
        field.get_by_label("Field type").select_option(label=field_type)
        if label != NARRATIVE:
            field.get_by_label("RMS element").select_option(label=element)
    screenshot("builder-02-fields")

    # Publishing is refused, with a message that names what is not mapped.
    publish(page)
    refusal = page.get_by_role("status").filter(has_text=MISSING_NARRATIVE)
    refusal.wait_for()
    screenshot("builder-03-refused")

    # The fields came back as they were: map the narrative and publish.
    narrative = page.get_by_role("region", name="Form fields 4", exact=True)
    assert narrative.get_by_label("Label").input_value() == NARRATIVE
    narrative.get_by_label("RMS element").select_option(label=NARRATIVE_ELEMENT)
    publish(page)
    # Published from the "new page" form (nothing was saved before): "created and published".
    page.get_by_role("status").filter(has_text=f"Page '{TITLE}' created and published.").wait_for()
    screenshot("builder-04-published")

    # A citizen, in their own browser, finds the new form on the home page and reports.
    citizen = new_page()
    citizen.goto(base + "/")
    citizen.get_by_role("link", name=TITLE).click()
    citizen.get_by_text(INTRO).wait_for()
    screenshot("builder-05-screening", of=citizen)
    for fieldset in screening_questions(citizen):
        in_region = "in our region" in fieldset.locator("legend").inner_text()
        fieldset.get_by_label("Yes" if in_region else "No", exact=True).check()
    citizen.get_by_role("button", name="Continue").click()
    for label, _field_type, _element, answer in FIELDS:
        citizen.get_by_label(label).fill(answer)
    screenshot("builder-06-form", of=citizen)
    citizen.get_by_role("button", name="Continue").click()
    citizen.get_by_role("heading", name="Check your answers before sending your report").wait_for()
    check = citizen.locator("main").inner_text()
    assert all(label in check for label, *_rest in FIELDS)
    assert "Nov. 21, 2026" in check and "Spray paint on the side wall of the garage." in check
    screenshot("builder-07-check", of=citizen)
    citizen.get_by_role("button", name="Send report").click()
    citizen.get_by_role("heading", name="Report sent").wait_for()
    screenshot("builder-08-receipt", of=citizen)
    reference = citizen.locator(".reference").inner_text()
    assert re.fullmatch(r"DRPS-\d{4}-\d{6}", reference)

    # One form was made (the refused publish saved nothing), live, every field mapped.
    # (The database is read once the browsers are done: see one_request_at_a_time.)
    (form_page,) = ReportFormPage.objects.filter(title=TITLE)
    assert form_page.live
    assert form_page.incident_type.name == INCIDENT_TYPE
    elements = {str(label): value for value, label in Element.choices}
    assert [(f.label, f.rms_element) for f in form_page.get_form_fields()] == [
        (label, elements[element]) for label, _field_type, element, _answer in FIELDS
    ]

    # The stored report has the answers, where the officer's mapping put them.
    report = Report.objects.get(reference=reference)
    assert report.page_id == form_page.pk
    assert report.incident_type == form_page.incident_type
    assert timezone.localtime(report.occurred_from).date() == datetime.date(2026, 11, 21)
    assert report.reporter_email == "jean@example.org"
    canonical = canonical_report(report)
    assert canonical["incident_type"]["code"] == "MISCHIEF"
    assert canonical["occurred"]["from"] == report.occurred_from.isoformat()
    assert canonical["location"]["street"] == "55 Navy St"
    assert canonical["location"]["municipality"] == "Oakville"
    assert canonical["narrative"] == "Spray paint on the side wall of the garage."
    assert canonical["reporter"]["last_name"] == "Tremblay"
    assert canonical["reporter"]["email"] == "jean@example.org"
    assert len(canonical["screening"]) == 4
