"""Form sections: a "Section break" row in the form builder starts a new step (ADR 0013).

The demo fraud form has two: "What happened" and "Money lost"."""

import io
import re

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.management import call_command
from wagtail.models import Locale

from forms_app import demo
from forms_app.models import Attachment, Report, ReportFormField, ReportFormPage
from forms_app.models.pages import integrity_errors
from forms_app.sections import page_sections, visible_sections
from tests.factories import as_served

from .conftest import check_token, jpeg, pass_screening

pytestmark = pytest.mark.django_db

WHAT_HAPPENED = {
    "date_it_happened": "2026-11-20",
    "time_it_happened": "14:30",
    "street_address_or_nearest_intersection": "123 Lakeshore Rd E",
    "town_or_city": "Oakville",
    "postal_code": "L6J 1H8",
    "how_did_they_contact_you": "Email",
    "what_happened": "An email that looked like my bank's asked me to confirm my card.",
    "first_name": "Jean",
    "last_name": "Tremblay",
    "email_address": "jean.tremblay@example.org",
    "phone_number": "(905) 555-0199",
    "did_you_lose_money": "Yes",
}
MONEY_LOST = {"amount_lost": "250.00", "how_did_you_pay": "Gift cards"}
FRENCH_CHOICES = {
    "how_did_they_contact_you": "Courriel",
    "did_you_lose_money": "Oui",
    "how_did_you_pay": "Cartes-cadeaux",
}


@pytest.fixture
def fraud_page(home):
    return as_served(ReportFormPage.objects.child_of(home).get(slug="report-fraud"))


@pytest.fixture
def french_fraud_page(fraud_page):
    return as_served(fraud_page.get_translation(Locale.objects.get(language_code="fr")))


def title_of(html):
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


def test_the_fraud_form_has_two_sections_with_the_money_question_ending_the_first(fraud_page):
    sections = page_sections(fraud_page)
    assert [s.title for s in sections] == ["What happened", "Money lost"]
    assert sections[0].names[-1] == "did_you_lose_money"
    assert sections[1].names == ["amount_lost", "how_did_you_pay"]
    # The breaks ask nothing: they are no field of the citizen's form, nor of the report.
    assert "section_what_happened" not in {f.clean_name for f in fraud_page.get_form_fields()}
    assert visible_sections(sections) == sections
    # A section none of whose questions is asked is skipped.
    assert visible_sections(sections, set(sections[0].names)) == sections[:1]


def test_each_section_is_its_own_step_with_its_title_and_progress(client, fraud_page):
    pass_screening(client, fraud_page)
    html = client.get(fraud_page.url + "details/").content.decode()
    assert "Section 1 of 2" in html
    assert "<h1>What happened</h1>" in html
    assert title_of(html).startswith("Section 1 of 2: What happened – Report a fraud under $5,000")
    assert 'name="date_it_happened"' in html
    assert 'name="amount_lost"' not in html
    assert 'name="back"' in html

    response = client.post(fraud_page.url + "details/", WHAT_HAPPENED)
    assert response.status_code == 302
    assert response["Location"] == fraud_page.url + "details/2/"
    html = client.get(response["Location"]).content.decode()
    assert "Section 2 of 2" in html
    assert "<h1>Money lost</h1>" in html
    assert "How much you lost and how you paid." in html
    assert title_of(html).startswith("Section 2 of 2: Money lost")
    assert 'name="amount_lost"' in html
    assert 'name="date_it_happened"' not in html

    response = client.post(fraud_page.url + "details/2/", MONEY_LOST)
    assert response["Location"] == fraud_page.url + "check/"
    response = client.post(fraud_page.url + "check/", {"token": check_token(client, fraud_page)})
    assert response["Location"].endswith("/sent/")
    report = Report.objects.get(page=fraud_page)
    assert report.form_data["amount_lost"] == "250.00"
    assert report.form_data["did_you_lose_money"] == "Yes"
    assert report.form_data["town_or_city"] == "Oakville"
    assert not any(key.startswith("section_") for key in report.form_data)


def test_the_money_section_is_asked_only_after_a_yes(client, fraud_page):
    pass_screening(client, fraud_page)
    response = client.post(fraud_page.url + "details/", {**WHAT_HAPPENED, "did_you_lose_money": "No"})
    assert response["Location"] == fraud_page.url + "check/"
    html = client.get(fraud_page.url + "check/").content.decode()
    assert "Amount lost" not in html
    assert client.get(fraud_page.url + "details/2/")["Location"] == fraud_page.url + "check/"
    # "Yes" after all: the section is asked; then "No" again: what it held goes nowhere.
    assert client.post(fraud_page.url + "details/", WHAT_HAPPENED)["Location"] == fraud_page.url + "details/2/"
    assert client.post(fraud_page.url + "details/2/", MONEY_LOST)["Location"] == fraud_page.url + "check/"
    response = client.post(fraud_page.url + "details/", {**WHAT_HAPPENED, "did_you_lose_money": "No"})
    assert response["Location"] == fraud_page.url + "check/"
    client.post(fraud_page.url + "check/", {"token": check_token(client, fraud_page)})
    report = Report.objects.get(page=fraud_page)
    assert report.form_data["did_you_lose_money"] == "No"
    assert "amount_lost" not in report.form_data and "how_did_you_pay" not in report.form_data


def test_the_progress_is_in_french_on_the_french_form(client, french_fraud_page):
    pass_screening(client, french_fraud_page)
    html = client.get(french_fraud_page.url + "details/").content.decode()
    assert "Section 1 sur 2" in html
    assert "<h1>Ce qui s’est passé</h1>" in html
    assert title_of(html).startswith("Section 1 sur 2 : Ce qui s’est passé")
    assert ">Retour</button>" in html
    client.post(french_fraud_page.url + "details/", {**WHAT_HAPPENED, **FRENCH_CHOICES})
    html = client.get(french_fraud_page.url + "details/2/").content.decode()
    assert "Section 2 sur 2" in html
    assert "<h1>Argent perdu</h1>" in html


def test_back_keeps_the_answers_of_both_sections(client, fraud_page):
    pass_screening(client, fraud_page)
    client.post(fraud_page.url + "details/", WHAT_HAPPENED)
    # Back from section 2 with an amount typed (and the payment not yet chosen): nothing lost.
    response = client.post(fraud_page.url + "details/2/", {"amount_lost": "120", "back": ""})
    assert response["Location"] == fraud_page.url + "details/"
    html = client.get(fraud_page.url + "details/").content.decode()
    assert 'value="Oakville"' in html
    assert "Tremblay" in html
    response = client.post(fraud_page.url + "details/", WHAT_HAPPENED)
    assert response["Location"] == fraud_page.url + "details/2/"
    html = client.get(fraud_page.url + "details/2/").content.decode()
    assert 'value="120"' in html
    # Back from the first section leads to the screening questions, their answers kept.
    response = client.post(fraud_page.url + "details/", {**WHAT_HAPPENED, "back": ""})
    assert response["Location"] == fraud_page.url
    assert "checked" in client.get(fraud_page.url).content.decode()


def test_a_bad_value_keeps_every_other_answer_and_the_files(client, fraud_page):
    pass_screening(client, fraud_page)
    data = {**WHAT_HAPPENED, "last_name": "", "photos_or_documents": jpeg()}
    response = client.post(fraud_page.url + "details/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_last_name_error"' in html
    assert 'value="Oakville"' in html
    assert Attachment.objects.filter(report__isnull=True, field_name="photos_or_documents").count() == 1
    client.post(fraud_page.url + "details/", WHAT_HAPPENED)
    response = client.post(fraud_page.url + "details/2/", {"amount_lost": "a lot", "how_did_you_pay": "Gift cards"})
    assert response.status_code == 200
    assert "Enter an amount in dollars" in response.content.decode()
    # Section 1's answers and the photo are still there.
    assert 'value="Oakville"' in client.get(fraud_page.url + "details/").content.decode()
    client.post(fraud_page.url + "details/2/", MONEY_LOST)
    html = client.get(fraud_page.url + "check/").content.decode()
    assert "photo.jpg" in html
    assert "Oakville" in html


def test_check_answers_groups_by_section_and_change_returns_to_check(client, fraud_page):
    pass_screening(client, fraud_page)
    client.post(fraud_page.url + "details/", WHAT_HAPPENED)
    client.post(fraud_page.url + "details/2/", MONEY_LOST)
    html = client.get(fraud_page.url + "check/").content.decode()
    assert html.index("<h3>What happened</h3>") < html.index("Oakville") < html.index("<h3>Money lost</h3>")
    assert html.index("<h3>Money lost</h3>") < html.index("$250.00")
    assert f'href="{fraud_page.url}details/2/?return=check"' in html
    assert f'href="{fraud_page.url}details/2/?return=check#id_amount_lost"' in html
    assert f'href="{fraud_page.url}details/?return=check#id_town_or_city"' in html

    html = client.get(fraud_page.url + "details/?return=check").content.decode()
    assert f'action="{fraud_page.url}details/?return=check"' in html
    response = client.post(fraud_page.url + "details/?return=check", {**WHAT_HAPPENED, "town_or_city": "Milton"})
    assert response["Location"] == fraud_page.url + "check/"
    assert "Milton" in client.get(fraud_page.url + "check/").content.decode()
    response = client.post(fraud_page.url + "details/2/?return=check", {**MONEY_LOST, "amount_lost": "300"})
    assert response["Location"] == fraud_page.url + "check/"


def test_a_later_section_before_the_earlier_ones_leads_to_the_first_incomplete(client, fraud_page):
    assert client.get(fraud_page.url + "details/2/")["Location"] == fraud_page.url  # not screened
    pass_screening(client, fraud_page)
    assert client.get(fraud_page.url + "details/2/")["Location"] == fraud_page.url + "details/"
    response = client.post(fraud_page.url + "details/2/", MONEY_LOST)
    assert response["Location"] == fraud_page.url + "details/"
    assert client.get(fraud_page.url + "check/")["Location"] == fraud_page.url + "details/"
    # Left by Back with an answer missing, the first section is still to do.
    client.post(fraud_page.url + "details/", {**WHAT_HAPPENED, "last_name": "", "back": ""})
    assert client.get(fraud_page.url + "details/2/")["Location"] == fraud_page.url + "details/"
    client.post(fraud_page.url + "details/", WHAT_HAPPENED)
    assert client.get(fraud_page.url + "details/2/").status_code == 200
    assert client.get(fraud_page.url + "check/")["Location"] == fraud_page.url + "details/2/"
    # A section that is not there: the first one left to do.
    assert client.get(fraud_page.url + "details/9/")["Location"] == fraud_page.url + "details/2/"


def test_a_form_with_no_break_is_one_step_as_before(client, theft_page):
    assert len(page_sections(theft_page)) == 1
    pass_screening(client, theft_page)
    html = client.get(theft_page.url + "details/").content.decode()
    assert "Section 1 of" not in html
    assert 'name="back"' not in html
    assert title_of(html).startswith("Report a theft under $5,000 |")
    assert client.get(theft_page.url + "details/2/")["Location"] == theft_page.url + "details/"


def test_the_editor_previews_every_section_under_its_title(fraud_page):
    response = fraud_page.make_preview_request(preview_mode="details")
    html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
    assert response.status_code == 200
    assert '<h2 class="section-heading">What happened</h2>' in html
    assert '<h2 class="section-heading">Money lost</h2>' in html
    assert html.index("date_it_happened") < html.index("Money lost") < html.index('name="amount_lost"')
    response = fraud_page.make_preview_request(preview_mode="screening")
    assert response.status_code == 200


def test_a_section_break_names_itself_apart_from_a_question_and_fills_no_element():
    question = ReportFormField(label="What happened?", field_type="multiline")
    break_row = ReportFormField(label="What happened", field_type="section")
    assert question.get_field_clean_name() == "what_happened"
    assert break_row.get_field_clean_name() == "section_what_happened"
    break_row.rms_element = "narrative"
    errors = integrity_errors([question, break_row], [], live=False, incident_type_id=None)
    assert any("section break" in str(message) for message in errors[NON_FIELD_ERRORS])


def test_a_trailing_break_makes_no_empty_step(fraud_page):
    fraud_page.form_fields.add(ReportFormField(label="Nothing after", field_type="section", sort_order=99))
    assert [s.title for s in page_sections(fraud_page)] == ["What happened", "Money lost"]


def test_rerunning_seed_demo_gives_an_older_fraud_form_its_sections_once(fraud_page, french_fraud_page):
    new = {"section_what_happened", "section_money_lost", "did_you_lose_money"}
    for page in (fraud_page, french_fraud_page):
        rows = [f for f in page.form_fields.all() if f.clean_name not in new]
        for row in rows:
            row.show_if = {}  # an older form asked for the money lost with no condition
        page.form_fields = rows
        page.save_revision().publish()
        assert len(page_sections(ReportFormPage.objects.get(pk=page.pk))) == 1
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    english = ReportFormPage.objects.get(pk=fraud_page.pk)
    french = ReportFormPage.objects.get(pk=french_fraud_page.pk)
    assert [s.title for s in page_sections(english)] == ["What happened", "Money lost"]
    assert [s.title for s in page_sections(french)] == ["Ce qui s’est passé", "Argent perdu"]
    assert [s.names for s in page_sections(french)] == [s.names for s in page_sections(english)]
    assert english.form_fields.filter(clean_name="did_you_lose_money").count() == 1
    assert french.form_fields.get(clean_name="did_you_lose_money").label == "Avez-vous perdu de l’argent?"
    assert french.form_fields.get(clean_name="did_you_lose_money").choices == "Oui\nNon"
    # The money lost is asked after a "Yes" only, in the older form too.
    for page in (english, french):
        assert page.form_fields.get(clean_name="amount_lost").show_if == demo.IF_LOST_MONEY


def test_staff_split_a_form_into_sections_in_the_editor_and_translate_it(client, home):
    from django.contrib.auth import get_user_model

    from .test_builder_integrity import FIELDS, SLUG, editor_data

    client.force_login(get_user_model().objects.get(username="comms"))
    rows = [("Story", "section", ""), *FIELDS[:3], ("About you", "section", ""), *FIELDS[3:]]
    response = client.post(f"/admin/pages/add/forms_app/reportformpage/{home.pk}/", editor_data(rows, publish=True))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ReportFormPage.objects.child_of(home).get(slug=SLUG)
    sections = page_sections(page)
    assert [(s.title, s.names) for s in sections] == [
        ("Story", ["date", "where", "story"]),  # the section "Story" and the question "Story" are two rows
        ("About you", ["email", "surname"]),
    ]
    # Wagtail's "Translate": the copy has the same sections, for the translator to reword.
    copy = page.copy_for_translation(Locale.objects.get(language_code="fr"))
    copy = ReportFormPage.objects.get(pk=copy.pk)
    assert [s.names for s in page_sections(copy)] == [s.names for s in sections]
    assert "Section “Story”" in copy.untranslated_child_parts(page)


@pytest.fixture
def theft_in_two_sections(theft_page):
    """The theft form with a break before its stolen items: items, story, photos and the
    reporter make the second section."""
    rows = list(theft_page.form_fields.all())
    at = next(n for n, row in enumerate(rows) if row.clean_name == "stolen_items")
    rows.insert(at, ReportFormField(page=theft_page, label="What was taken", field_type="section", required=False))
    for number, row in enumerate(rows):
        row.sort_order = number
        row.save()
    return as_served(ReportFormPage.objects.get(pk=theft_page.pk))


def test_property_items_and_uploads_work_in_a_later_section(client, theft_in_two_sections):
    from .conftest import VALID

    page = theft_in_two_sections
    pass_screening(client, page)
    assert client.post(page.url + "details/", VALID)["Location"] == page.url + "details/2/"
    html = client.post(page.url + "details/2/", {**VALID, "add_item": "stolen_items"}).content.decode()
    assert 'name="stolen_items-1-description"' in html
    assert 'value="Bicycle"' in html
    response = client.post(page.url + "details/2/", {**VALID, "what_happened": "", "photos_or_documents": jpeg()})
    assert response.status_code == 200
    assert Attachment.objects.filter(report__isnull=True, field_name="photos_or_documents").count() == 1
    assert client.post(page.url + "details/2/", VALID)["Location"] == page.url + "check/"
    html = client.get(page.url + "check/").content.decode()
    assert "<h3>What was taken</h3>" in html
    assert "Bicycle" in html and "photo.jpg" in html and "Oakville" in html
    assert client.post(page.url + "check/", {"token": check_token(client, page)})["Location"].endswith("/sent/")
    report = Report.objects.get(page=page)
    assert report.form_data["stolen_items"][0]["description"] == "Bicycle"
    assert report.attachments.count() == 1


def test_a_draft_kept_before_forms_had_sections_still_reaches_check_answers(client, fraud_page):
    from forms_app.drafts import SESSION_PREFIX, draft_key

    pass_screening(client, fraud_page)
    session = client.session
    key = f"{SESSION_PREFIX}{draft_key(fraud_page)}"
    draft = session[key]
    draft["answers"] = {name: [value] for name, value in {**WHAT_HAPPENED, **MONEY_LOST}.items()}
    session[key] = draft
    session.save()
    response = client.get(fraud_page.url + "check/")
    assert response.status_code == 200
    assert "$250.00" in response.content.decode()
