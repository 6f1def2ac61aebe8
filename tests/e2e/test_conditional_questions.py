"""Conditional questions in Chromium: the citizen's vehicle branch of the theft form appears and
disappears at once as "Was a vehicle involved?" is answered with the keyboard, announced to
screen readers, the focus kept where it was, in English and French; the officer picks a
condition from lists in the editor, and one on a later field is refused on that field."""

import re

import pytest

from tests.e2e.conftest import enter_second_factor, staff_authenticator
from tests.e2e.test_accessibility import axe_source, check  # noqa: F401 (axe_source: a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

TEXT = {
    "en": {
        "form": "/report-theft/",
        "yes": "Yes",
        "no": "No",
        "region": "in our region",
        "continue": "Continue",
        "vehicle": "Was a vehicle involved?",
        "plate": "Licence plate",
        "more": "4 more questions",
        "removed": "Questions removed",
    },
    "fr": {
        "form": "/fr/signaler-un-vol/",
        "yes": "Oui",
        "no": "Non",
        "region": "dans notre région",
        "continue": "Continuer",
        "vehicle": "Un véhicule était-il en cause?",
        "plate": "Plaque d’immatriculation",
        "more": "4 questions de plus",
        "removed": "Questions retirées",
    },
}
FOCUSED_NAME = "() => [document.activeElement.name || '', document.activeElement.value || '']"


def pass_screening(page, text):
    for fieldset in page.locator("fieldset.field").all():
        in_region = text["region"] in fieldset.locator("legend").inner_text()
        fieldset.get_by_label(text["yes"] if in_region else text["no"], exact=True).check()
    page.get_by_role("button", name=text["continue"], exact=True).click()
    page.wait_for_url("**/details/")


def tab_to(page, name):
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_NAME)[0] == name:
            return
    pytest.fail(f"the keyboard never reached {name}")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_vehicle_branch_follows_the_answer_at_once_with_the_keyboard(
    page,
    demo_site,
    axe_source,  # noqa: F811 (the fixture imported above)
    screenshot,
    language,
):
    from forms_app.models import Report

    text = TEXT[language]
    page.goto(demo_site.url + text["form"])
    pass_screening(page, text)
    plate = page.get_by_label(text["plate"], exact=True)
    status = page.locator("[data-logic-status]")
    # With the script, the branch is hidden until asked for, and the written conditions go.
    assert not plate.is_visible()
    assert page.locator("[data-logic-hint]").first.is_hidden()

    tab_to(page, "was_a_vehicle_involved")
    page.keyboard.press("Space")  # the first choice: yes
    plate.wait_for(state="visible")
    assert page.evaluate(FOCUSED_NAME) == ["was_a_vehicle_involved", text["yes"]]
    page.wait_for_function("() => document.querySelector('[data-logic-status]').textContent !== ''")
    assert status.inner_text() == text["more"]
    assert status.get_attribute("aria-live") == "polite"
    check(page, axe_source, f"{language} vehicle branch shown")
    screenshot(f"logic-{language}-branch-shown", of=page)

    page.keyboard.press("ArrowDown")  # no
    plate.wait_for(state="hidden")
    assert page.evaluate(FOCUSED_NAME) == ["was_a_vehicle_involved", text["no"]]
    page.wait_for_function(f"() => document.querySelector('[data-logic-status]').textContent === {text['removed']!r}")

    page.keyboard.press("ArrowUp")  # yes again: type the plate, the make
    tab_to(page, "licence_plate")
    page.keyboard.type("ZZ 9876")
    tab_to(page, "make")
    page.keyboard.type("Honda")
    fill_the_rest(page)
    page.get_by_role("button", name=text["continue"], exact=True).click()
    page.wait_for_url("**/check/")
    assert "ZZ 9876" in page.content()
    page.locator("button[data-prevent-double-submit]").click()
    page.wait_for_url("**/sent/")
    report = Report.objects.order_by("-pk").first()
    assert report.form_data["licence_plate"] == "ZZ 9876" and report.form_data["make"] == "Honda"


def fill_the_rest(page):
    values = {
        "date_it_happened": "2026-11-20",
        "street_address_or_nearest_intersection": "123 Lakeshore Rd E",
        "town_or_city": "Oakville",
        "stolen_items-0-description": "Bicycle",
        "what_happened": "Taken from the rack outside the library.",
        "first_name": "Jean",
        "last_name": "Tremblay",
        "email_address": "jean@example.org",
        "phone_number": "905 555 0199",
    }
    for name, value in values.items():
        page.locator(f"[name='{name}']").fill(value)


PASSWORD = "logic-Editor-passw0rd"


@pytest.fixture
def officer(demo_site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        "comms-logic", email="comms-logic@example.invalid", password=PASSWORD, first_name="Casey"
    )
    user.groups.add(Group.objects.get(name="Communications"))
    return user


@pytest.mark.usefixtures("one_request_at_a_time")
def test_the_officer_picks_a_condition_from_lists_and_a_later_field_is_refused(
    page,
    demo_site,
    officer,
    axe_source,  # noqa: F811 (the fixture imported above)
    screenshot,
):
    from forms_app.models import ReportFormPage
    from tests.factories import demo_home

    theft = ReportFormPage.objects.get(
        slug="report-theft", locale__language_code="en", path__startswith=demo_home().path
    )
    device = staff_authenticator(officer.username)
    base = demo_site.url
    page.goto(base + "/admin/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, device)
    page.wait_for_url(base + "/admin/")
    page.goto(f"{base}/admin/pages/{theft.pk}/edit/")

    plate = page.get_by_role("region", name="Form fields 8", exact=True)
    assert plate.get_by_label("Label").input_value() == "Licence plate"
    condition = plate.locator("[data-show-if-row]").first
    assert condition.get_by_label("Earlier question").input_value() == "was_a_vehicle_involved"
    # Only the chosen question's answers are listed, its first ticked.
    answers = condition.get_by_role("group", name="Answers to “Was a vehicle involved?”")
    assert answers.is_visible() and answers.get_by_label("Yes").is_checked()
    assert condition.locator("[data-show-if-choices]:visible").count() == 1
    plate.scroll_into_view_if_needed()
    page.evaluate(axe_source)
    found = page.evaluate(
        "tags => axe.run({include: [['.show-if']]}, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map(n => n.target))))",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    )
    assert found == [], found
    screenshot("logic-editor-condition", of=page)

    # With the keyboard: the condition's question becomes "What happened?", a later field.
    select = condition.get_by_label("Earlier question")
    select.focus()
    select.select_option(label="What happened?")
    assert condition.get_by_label("Value to compare with (for a question without choices)").is_visible()
    condition.get_by_label("Its answer", exact=True).select_option("is_answered")
    page.get_by_role("button", name="Save draft").click()
    message = plate.get_by_text(
        re.compile("“What happened\\?” comes after this question: a question can depend only on earlier ones.")
    )
    message.wait_for()
    screenshot("logic-editor-refused", of=page)
