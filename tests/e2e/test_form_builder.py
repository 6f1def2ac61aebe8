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

import contextlib
import datetime
import re

import pytest
from django.utils import timezone

from tests.e2e.conftest import enter_second_factor, screening_questions, staff_authenticator

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
    device = staff_authenticator(username)
    page.goto(base + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, device)
    page.wait_for_url(base + "/admin/")


def publish(page):
    """The footer's action menu: Publish is in the dropdown of the Save draft button."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()


def start_new_form(page, base, username):
    """The officer opens the home page in the page explorer and adds a report form under it."""
    log_in_to_admin(page, base, username)
    page.get_by_role("button", name="Pages").click()
    # The English home page (its name may be followed by its language when there are several).
    page.get_by_role("link", name=re.compile(r"^Demo Regional Police Service")).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name="Report form page", exact=True).click()
    page.get_by_role("heading", name="New: Report form page").wait_for()


def test_comms_build_a_report_form_and_a_citizen_reports_through_it(page, new_page, demo_site, comms_user, screenshot):
    from forms_app.canonical import canonical_report
    from forms_app.mapping import Element
    from forms_app.models import Report, ReportFormPage

    base = demo_site.url
    # Wagtail's background draft save (autosave) is on, as officers have it, from the form's first
    # save (none here: the refused publish saves nothing); the rows the editor sends are the
    # form's whole list (forms_app/panels.py), so a save still on its way when Publish is pressed
    # cannot put fields back or add them twice (test below).

    start_new_form(page, base, comms_user.username)
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
    refusal = page.get_by_role("status").filter(
        has_text=re.compile(r"This form cannot be published until fields are mapped to: what happened \(narrative\)")
    )
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
    citizen.get_by_role("button", name="Continue", exact=True).click()
    for label, _field_type, _element, answer in FIELDS:
        citizen.get_by_label(label).fill(answer)
    screenshot("builder-06-form", of=citizen)
    citizen.get_by_role("button", name="Continue", exact=True).click()
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

    # One form was made (the refused publish saved nothing), live, every field mapped, each once.
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


def hold_autosave_answers(page):
    """Autosave requests reach the server, which saves them, but their answers are held back (a
    slow network): the browser does not learn the ids of the rows they made. Returns the list of
    held requests; ``release(held)`` lets them through."""
    held = []

    def handle(route):
        request = route.request
        if request.method == "POST" and "application/json" in (request.headers.get("accept") or ""):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(re.compile(r"/admin/pages/(\d+/edit|add/forms_app/reportformpage/\d+)/"), handle)
    return held


def release(held):
    """Lets the held autosave answers through. The page that sent one may have gone (Publish
    navigated away): then nothing is waiting for it."""
    from playwright.sync_api import Error

    answers, held[:] = list(held), []
    for route, response in answers:
        with contextlib.suppress(Error):
            route.fulfill(response=response)


def wait_for_autosave_sent(page, held):
    for _tick in range(150):
        if held:
            return
        page.wait_for_timeout(100)
    state = page.locator("#w-autosave-indicator").get_attribute("data-w-tooltip-content-value")
    raise AssertionError(f"no autosave was sent (autosave: {state!r})")


def publish_confirming(page, outcome):
    """Publish; if Wagtail asks ("saved in another window"), Continue; wait for ``outcome``.
    Returns whether it asked."""
    publish(page)
    dialog = page.locator("#w-save-confirmation-dialog")
    confirmed = False
    for _tick in range(150):
        if outcome.count():
            return confirmed
        if not confirmed and dialog.is_visible():
            dialog.get_by_role("button", name="Continue").click()
            confirmed = True
        page.wait_for_timeout(100)
    outcome.wait_for()
    return confirmed


def add_fields(page, fields, first_number):
    for number, (label, field_type, element, _answer) in enumerate(fields, start=first_number):
        page.get_by_role("button", name="Add Form fields").click()
        field = page.get_by_role("region", name=f"Form fields {number}", exact=True)
        field.get_by_label("Label").fill(label)
        field.get_by_label("Field type").select_option(label=field_type)
        if label != NARRATIVE:
            field.get_by_label("RMS element").select_option(label=element)


# Three rounds of refused publishes and autosaves, the fields built a few at a time.
ROUNDS = [FIELDS[:3], FIELDS[3:5], FIELDS[5:]]


def test_autosave_refused_publishes_and_publish_leave_each_field_once(page, demo_site, comms_user, screenshot):
    """The reported sequence, over three rounds, with autosave on. Each round the officer adds
    fields and presses Publish while an autosave is still unanswered (its rows saved, their ids
    not yet known to the browser); publishing is refused (the narrative is unmapped) and the
    reopened editor saves itself at once, with the rows as Publish sent them. Wagtail may then
    say a newer version was "saved in another window": Continue. In the last round the narrative
    is mapped and the form published: the live form has each field built, and each screening
    question, exactly once."""
    from forms_app.mapping import Element
    from forms_app.models import ReportFormField, ReportFormPage, ScreeningQuestion

    start_new_form(page, demo_site.url, comms_user.username)
    # The editor notices changes from 2 s after it opens (Wagtail's UnsavedController).
    page.wait_for_timeout(2500)
    page.get_by_role("textbox", name="Title").fill(TITLE)
    page.get_by_role("button", name="Choose incident type").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name=INCIDENT_TYPE).click()
    chooser.wait_for(state="hidden")
    # A new report form has no autosave: the officer saves it once, then its editor saves itself.
    add_fields(page, ROUNDS[0][:1], 1)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.get_by_role("status").filter(has_text=f"Page '{TITLE}' created.").wait_for()
    held = hold_autosave_answers(page)
    page.wait_for_timeout(2500)  # the editor notices changes from 2 s after it opens
    built = 1
    refusal = page.get_by_role("status").filter(
        has_text=re.compile(r"This form cannot be published until fields are mapped to: what happened \(narrative\)")
    )
    published = page.get_by_role("status").filter(has_text=f"Page '{TITLE}' has been published.")
    for number, fields in enumerate(ROUNDS, start=1):
        fields = fields[1:] if number == 1 else fields
        add_fields(page, fields, built + 1)
        built += len(fields)
        if number == 1:
            # The autosave of these changes reaches the server; its answer does not come back.
            wait_for_autosave_sent(page, held)
        if number < len(ROUNDS):
            # The autosaves held so far are the old page's; the refused editor's own come after.
            sent_before = len(held)
            publish_confirming(page, refusal)
            screenshot(f"builder-integrity-{number}-refused")
            # The refused editor shows the fields as they were sent, each once...
            assert page.get_by_role("region", name=re.compile(r"^Form fields \d+$")).count() == built
            # ... and saves them at once (it holds what publishing refused); no answer yet. On a
            # slow machine that autosave may already be held: it is kept, not dropped with the old.
            stale, held[:] = held[:sent_before], held[sent_before:]
            release(stale)
            wait_for_autosave_sent(page, held)
        else:
            narrative = page.get_by_role("region", name="Form fields 4", exact=True)
            narrative.get_by_label("RMS element").select_option(label=NARRATIVE_ELEMENT)
            publish_confirming(page, published)
    release(held)
    screenshot("builder-integrity-published")

    (form_page,) = ReportFormPage.objects.filter(title=TITLE)
    assert form_page.live
    elements = {str(label): value for value, label in Element.choices}
    live_fields = [(f.label, f.rms_element) for f in ReportFormField.objects.filter(page=form_page)]
    assert sorted(live_fields) == sorted((label, elements[element]) for label, _type, element, _answer in FIELDS)
    live_questions = list(ScreeningQuestion.objects.filter(page=form_page).values_list("kind", flat=True))
    assert sorted(live_questions) == sorted(["emergency", "suspect_known", "jurisdiction", "value_limit"])
    # The latest revision, which the next edit starts from, agrees.
    content = form_page.get_latest_revision_as_object()
    assert sorted((f.label, f.rms_element) for f in content.form_fields.all()) == sorted(live_fields)
    assert content.screening_questions.count() == 4
