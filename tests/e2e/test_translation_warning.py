"""A communications officer translates a report form to French with Wagtail's "Translate", in
Chromium, and the editor names the parts still in English before anything is published.

First a communications officer adds a new incident type in the admin (Incident types > Add).
For the translation, an incident type and the English form are made in the test's setup; the
officer opens the form in the admin, chooses "Translate", picks French, and lands in the French
copy's editor: the standard screening questions are already in French, and a warning names the
title, the introduction and each field still in English. Translating the title and the
introduction and saving a draft leaves only the fields named.

Then the reader's side of "Report online": the demo news item's button and the menu entry lead
to the form and to "What can I report online?" in the reader's language, with no axe-core
violation on the news and home pages.
"""

import re

import pytest

from tests.e2e.test_accessibility import AXE, check
from tests.e2e.test_form_builder import PASSWORD, log_in_to_admin
from tests.factories import demo_home, in_demo

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.e2e,
    pytest.mark.usefixtures("one_request_at_a_time"),
]

TITLE = "Report a bicycle theft"
INTRO = "For bicycles stolen from a rack, a yard or a garage."
FIELDS = [
    ("Date it happened", "date", "occurred_from"),
    ("Town or city", "singleline", "location_municipality"),
    ("Describe what happened", "multiline", "narrative"),
    ("Last name", "singleline", "reporter_last_name"),
    ("Email address", "email", "reporter_email"),
]


@pytest.fixture
def english_form(demo_site):
    """A published English form of a new incident type, and an officer of Communications."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Site

    from forms_app.models import IncidentType, ReportFormField, ReportFormPage
    from website.models import AgencyMembership

    officer = get_user_model().objects.create_user("comms-translator", password=PASSWORD, first_name="Casey")
    officer.groups.add(Group.objects.get(name="Communications"))
    agency = Site.objects.get(is_default_site=True)
    AgencyMembership.objects.create(user=officer, site=agency)
    bicycle = IncidentType.objects.create(
        code="BICYCLE-THEFT",
        name="Bicycle theft",
        name_fr="Vol de vélo",
        ucr_code="2140",
        rms_occurrence_type="Theft",
        site=agency,
    )
    home = demo_home()
    form = ReportFormPage(
        title=TITLE,
        slug="report-a-bicycle-theft",
        intro=f"<p>{INTRO}</p>",
        incident_type=bicycle,
        form_fields=[
            ReportFormField(sort_order=n, label=label, field_type=kind, rms_element=element)
            for n, (label, kind, element) in enumerate(FIELDS)
        ],
    )
    home.add_child(instance=form)
    form.save_revision().publish()
    return form, officer


def test_comms_add_an_incident_type(page, demo_site, english_form, screenshot):
    from forms_app.models import IncidentType

    _form, officer = english_form
    base = demo_site.url
    log_in_to_admin(page, base, officer.username)
    page.goto(f"{base}/admin/snippets/forms_app/incidenttype/")
    page.get_by_role("link", name=re.compile(r"^Add incident type")).click()
    # Their agency, the only one they work for, is already chosen.
    agency = page.get_by_role("combobox", name="Agency site*", exact=True)
    assert agency.locator("option:checked").inner_text() == str(officer.agency_memberships.get().site)
    page.get_by_role("textbox", name="Code*", exact=True).fill("SCOOTER-THEFT")
    page.get_by_role("textbox", name="Name*", exact=True).fill("Scooter theft")
    page.get_by_role("textbox", name="Name in French").fill("Vol de trottinette")
    page.get_by_role("textbox", name="UCR violation code").fill("2140")
    page.get_by_role("textbox", name="RMS occurrence type").fill("Theft")
    screenshot("incident-type-01-new")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("status").filter(has_text="'Scooter theft' created.").wait_for()
    page.get_by_role("link", name="Scooter theft").wait_for()
    scooter = IncidentType.objects.get(code="SCOOTER-THEFT")
    assert (scooter.name_fr, scooter.ucr_code, scooter.active) == ("Vol de trottinette", "2140", True)
    assert scooter.site == officer.agency_memberships.get().site


def test_comms_translate_a_form_and_see_what_is_still_in_english(page, demo_site, english_form, screenshot):
    form, officer = english_form
    base = demo_site.url
    log_in_to_admin(page, base, officer.username)

    # The English form's editor: "Translate" is in its actions menu.
    page.goto(f"{base}/admin/pages/{form.pk}/edit/")
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Translate").click()
    page.get_by_role("checkbox", name="French").check()
    screenshot("translate-01-choose-french")
    page.get_by_role("button", name="Submit").click()

    # The French copy's editor, before anything is published.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    warning = page.get_by_role("status").filter(has_text="Still in English:")
    warning.wait_for()
    text = warning.inner_text()
    assert "Title, Introduction" in text
    for label, _kind, _element in FIELDS:
        assert f"Field “{label}”" in text
    assert "Screening question" not in text  # the standard questions came in French
    first_question = page.get_by_role("region", name="Screening questions 1", exact=True)
    assert first_question.locator('input[name$="-0-question"]').input_value() == (
        "Une personne est-elle en danger, ou le crime est-il encore en cours ?"
    )
    screenshot("translate-02-warning")

    # The officer translates the title and the introduction and saves a draft: the fields remain.
    page.get_by_role("textbox", name="Title").fill("Signaler un vol de vélo")
    intro = page.get_by_role("region", name="Introduction").get_by_role("textbox")
    intro.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Pour les vélos volés sur un support, dans une cour ou un garage.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("status").filter(has_text="has been updated").wait_for()
    warning = page.get_by_role("status").filter(has_text="Still in English:")
    warning.wait_for()
    text = warning.inner_text()
    assert "Title" not in text and "Introduction" not in text
    assert "Field “Describe what happened”" in text
    screenshot("translate-03-after-draft")
    # Leave the editor (it tells the server its editing session ends) before reading the database.
    page.goto(f"{base}/admin/")
    page.wait_for_url(f"{base}/admin/")
    page.wait_for_load_state("networkidle")

    from forms_app.models import ReportFormPage

    french = in_demo(ReportFormPage).get(locale__language_code="fr", translation_key=form.translation_key)
    assert not french.live


@pytest.fixture(scope="module")
def axe_source():
    """axe-core, as tests/e2e/test_accessibility.py loads it."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm ci")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("language", "news", "button", "form_title"),
    [
        ("en", "/news/report-minor-incidents-online/", "Report a theft online", "Report a theft under $5,000"),
        (
            "fr",
            "/fr/nouvelles/signaler-des-incidents-mineurs-en-ligne/",
            "Signaler un vol en ligne",
            "Signaler un vol de 5 000 $ ou moins",
        ),
    ],
)
def test_readers_follow_report_online_to_the_form(new_page, demo_site, axe_source, language, news, button, form_title):
    """The citizen's side: "Report online" in the menu and the news item's button, accessible
    (axe-core), lead to the form in the reader's language."""
    base = demo_site.url
    reader = new_page("fr-CA" if language == "fr" else "en-CA")
    reader.goto(base + news)
    check(reader, axe_source, f"{language} news page with a Report online button")
    reader.get_by_role("link", name=button).click()
    reader.get_by_role("heading", name=form_title).wait_for()
    menu_entry = "Signaler en ligne" if language == "fr" else "Report online"
    reader.get_by_role("navigation", name="Principal" if language == "fr" else "Main").get_by_role(
        "link", name=menu_entry
    ).click()
    reader.get_by_role("heading", level=1).filter(
        has_text=re.compile(r"report online\?|signaler en ligne\?")
    ).wait_for()
    reader.goto(base + ("/fr/" if language == "fr" else "/"))
    check(reader, axe_source, f"{language} home page with its Report online button")
