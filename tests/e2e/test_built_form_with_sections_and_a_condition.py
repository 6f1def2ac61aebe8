"""The whole of issue 15 in Chromium: a communications officer builds, in the Wagtail editor, a form
in two sections with a conditional question, publishes it and translates it; a citizen answers
it, changes their mind so that the conditional question is no longer asked, saves, resumes from
the emailed link in another browser and sends. What they had typed in the question no longer
asked is in no report, email, PDF or RMS record."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import screening_questions
from tests.e2e.test_form_builder import comms_user, publish, start_new_form  # noqa: F401 (comms_user: a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

TITLE = "Report damage to a fence"
HIDDEN_ANSWER = "The garage door was dented too"
LINK = re.compile(r"https?://[^/\s]+(/(?:fr/)?report/resume/[A-Za-z0-9_-]+/)")
# Label, field type, RMS element (or none), choices.
FIELDS = [
    ("What happened", "Section break", None, ""),
    ("Date it happened", "Date", "Occurred from: date (or date and time)", ""),
    ("Street address", "Single line text", "Location: street address", ""),
    ("Town or city", "Single line text", "Location: municipality", ""),
    ("Describe what happened", "Multi-line text", "Narrative (what happened)", ""),
    ("Was anything else damaged?", "Radio buttons", None, "Yes\nNo"),
    ("What else was damaged?", "Single line text", None, ""),
    ("About you", "Section break", None, ""),
    ("Last name", "Single line text", "Reporter: last name", ""),
    ("Email address", "Email", "Reporter: email", ""),
]


def element_label(element):
    from forms_app.mapping import Element

    labels = {str(label) for _value, label in Element.choices}
    assert element in labels, (element, sorted(labels))
    return element


@pytest.mark.usefixtures("one_request_at_a_time")
def test_a_built_form_in_sections_with_a_condition_saved_resumed_and_sent(page, new_page, demo_site, comms_user):  # noqa: F811
    from forms_app.canonical import canonical_report
    from forms_app.models import Report, ReportFormPage
    from tests.forms_app.test_pdf import text_of

    base = demo_site.url
    start_new_form(page, base, comms_user.username)
    page.get_by_role("textbox", name="Title").fill(TITLE)
    page.get_by_role("button", name="Choose incident type").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name="Mischief / damage to property").click()
    chooser.wait_for(state="hidden")
    for number, (label, field_type, element, choices) in enumerate(FIELDS, start=1):
        page.get_by_role("button", name="Add Form fields").click()
        field = page.get_by_role("region", name=f"Form fields {number}", exact=True)
        field.locator('input[name$="-label"]').fill(label)
        field.get_by_label("Field type").select_option(label=field_type)
        if element:
            field.get_by_label("RMS element").select_option(label=element_label(element))
        if choices:
            field.get_by_label("Choices", exact=True).fill(choices)
        if label == "What else was damaged?":
            field.get_by_label("Required", exact=True).uncheck()
    # The questions exist once saved: then "What else was damaged?" is asked only after a "Yes".
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("status").filter(has_text="created").wait_for()
    conditional = page.get_by_role("region", name="Form fields 7", exact=True)
    assert conditional.locator('input[name$="-label"]').input_value() == "What else was damaged?"
    condition = conditional.locator("[data-show-if-row]").first
    condition.get_by_label("Earlier question").select_option(label="Was anything else damaged?")
    condition.get_by_label("Its answer", exact=True).select_option("is")
    conditional.get_by_role("group", name="Answers to “Was anything else damaged?”").get_by_label("Yes").check()
    publish(page)
    page.get_by_role("status").filter(has_text="published").wait_for()

    # Translated: the French copy, its title reworded, published.
    form = ReportFormPage.objects.get(title=TITLE)
    page.goto(f"{base}/admin/pages/{form.pk}/edit/")
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Translate").click()
    page.get_by_role("checkbox", name="French").check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page.get_by_role("textbox", name="Title").fill("Signaler des dommages à une clôture")
    publish(page)
    page.get_by_role("status").filter(has_text="published").wait_for()
    page.goto(f"{base}/admin/")
    page.wait_for_load_state("networkidle")

    # The citizen: screening, then section 1 of 2. "Yes" asks the question at once; "No" takes
    # it away again, with what was typed in it.
    citizen = new_page()
    citizen.goto(base + form.relative_url(form.get_site()))
    for fieldset in screening_questions(citizen):
        in_region = "in our region" in fieldset.locator("legend").inner_text()
        fieldset.get_by_label("Yes" if in_region else "No", exact=True).check()
    citizen.get_by_role("button", name="Continue", exact=True).click()
    citizen.wait_for_url("**/details/")
    assert citizen.locator(".section-progress").inner_text() == "Section 1 of 2"
    also = citizen.get_by_label("What else was damaged?")
    assert not also.is_visible()
    citizen.get_by_label("Yes", exact=True).check()
    also.wait_for()
    also.fill(HIDDEN_ANSWER)
    citizen.get_by_label("No", exact=True).check()
    also.wait_for(state="hidden")
    citizen.get_by_label("Date it happened").fill("2026-11-21")
    citizen.get_by_label("Street address").fill("55 Navy St")
    citizen.get_by_label("Town or city").fill("Oakville")
    citizen.get_by_label("Describe what happened").fill("The fence was kicked in overnight.")
    citizen.get_by_role("button", name="Continue", exact=True).click()
    citizen.wait_for_url("**/details/2/")
    assert citizen.locator(".section-progress").inner_text() == "Section 2 of 2"
    citizen.get_by_label("Last name").fill("Tremblay")
    citizen.get_by_role("button", name="Save and continue later").click()
    citizen.wait_for_url("**/save/")
    citizen.get_by_label("Your email address").fill("jean@example.org")
    citizen.get_by_role("button", name="Send me the link").click()
    citizen.locator("main h1").wait_for()

    # Another browser, from the emailed link: back at section 2, what was typed there kept.
    path = LINK.search(mail.outbox[-1].body).group(1)
    other = new_page()
    other.goto(base + path)
    other.get_by_role("button", name="Continue my report").click()
    other.wait_for_url("**/details/2/")
    assert other.get_by_label("Last name").input_value() == "Tremblay"
    other.get_by_label("Email address").fill("jean@example.org")
    other.get_by_role("button", name="Continue", exact=True).click()
    other.wait_for_url("**/check/")
    summary = other.locator("main").inner_text()
    assert "The fence was kicked in overnight." in summary and HIDDEN_ANSWER not in summary
    assert other.locator(".summary__section h3").all_inner_texts() == ["What happened", "About you"]
    mail.outbox.clear()
    other.get_by_role("button", name="Send report").click()
    other.get_by_role("heading", name="Report sent").wait_for()
    reference = other.locator(".reference").inner_text()

    # The question no longer asked is nowhere: the report, its email and PDF, the RMS record.
    report = Report.objects.get(reference=reference)
    assert report.form_data["was_anything_else_damaged"] == "No"
    assert "what_else_was_damaged" not in report.form_data
    assert HIDDEN_ANSWER not in str(report.form_data) and HIDDEN_ANSWER not in str(canonical_report(report))
    (confirmation,) = [m for m in mail.outbox if reference in m.subject]
    assert HIDDEN_ANSWER not in confirmation.body
    pdf = next(data for name, data, _type in confirmation.attachments if name.endswith(".pdf"))
    assert "The fence was kicked in overnight." in text_of(pdf) and HIDDEN_ANSWER not in text_of(pdf)
    french = form.get_translation(form.locale.__class__.objects.get(language_code="fr"))
    assert french.live and [f.show_if for f in french.form_fields.all()] == [f.show_if for f in form.form_fields.all()]
