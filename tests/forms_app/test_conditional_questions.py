"""Conditional questions on the citizen's side, without JavaScript (the browser's side is
tests/e2e/test_conditional_questions.py): a question whose condition is false is not asked, not
required, and its answer reaches nothing (draft, report, email, canonical record); answers
that make required questions relevant show the step again with them, without an error."""

import json

import pytest
from django.core import mail
from django.core.management import call_command

from forms_app.canonical import canonical_report
from forms_app.demo import IF_VEHICLE
from forms_app.models import Report, ReportFormField
from forms_app.tasks import send_confirmation_email
from tests.forms_app.conftest import VALID, check_token, fill_details, pass_screening
from tests.forms_app.test_pdf import text_of

PLATE = "ZZ 9876"


def send(client, page):
    response = client.post(page.url + "check/", {"token": check_token(client, page)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.order_by("-pk").first()


@pytest.mark.django_db
def test_each_question_of_the_branch_says_its_condition_for_a_browser_without_javascript(client, theft_page):
    pass_screening(client, theft_page)
    html = client.get(theft_page.url + "details/").content.decode()
    assert html.count("Answer only if your answer to “Was a vehicle involved?” is “Yes”.") == 4
    assert 'data-logic-name="licence_plate"' in html and "forms_app/js/logic.js" in html


@pytest.mark.django_db
def test_the_answers_of_a_question_not_asked_are_dropped_everywhere(client, theft_page):
    pass_screening(client, theft_page)
    response = fill_details(
        client, theft_page, was_a_vehicle_involved="No", licence_plate=PLATE, make="Honda", was_it_locked="Yes"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session_answers = json.dumps(dict(client.session.items()), default=str)
    assert PLATE not in session_answers
    check = client.get(theft_page.url + "check/").content.decode()
    assert PLATE not in check and "Licence plate" not in check
    report = send(client, theft_page)
    assert {"licence_plate", "make", "model", "was_it_locked"}.isdisjoint(report.form_data)
    assert report.form_data["was_a_vehicle_involved"] == "No"
    assert "licence_plate" not in [f["name"] for f in report.field_snapshot]
    assert PLATE not in json.dumps(canonical_report(report), default=str)
    assert "Honda" not in json.dumps(canonical_report(report), default=str)
    send_confirmation_email(report.pk)
    (message,) = mail.outbox
    assert PLATE not in message.body and "Licence plate" not in message.body
    pdfs = [content for _name, content, kind in message.attachments if kind == "application/pdf"]
    assert pdfs and all("Licence plate" not in text_of(pdf) and PLATE not in text_of(pdf) for pdf in pdfs)
    assert "What happened?" in text_of(pdfs[0])


@pytest.mark.django_db
def test_a_yes_without_javascript_shows_the_step_again_with_the_new_questions_not_an_error(client, theft_page):
    pass_screening(client, theft_page)
    response = fill_details(client, theft_page, was_a_vehicle_involved="Yes")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your answers mean we need a few more details. Please answer the new questions." in html
    assert "There is a problem" not in html and "aria-invalid" not in html
    assert 'name="logic_shown" value="licence_plate make model was_it_locked"' in html
    # Sent again as it is (the page showed them now): now it is an error.
    response = fill_details(client, theft_page, was_a_vehicle_involved="Yes", logic_shown="licence_plate make model")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    # Answered: the report holds them, and the RMS record the plate.
    response = fill_details(
        client, theft_page, was_a_vehicle_involved="Yes", licence_plate=PLATE, make="Honda", logic_shown="licence_plate"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = send(client, theft_page)
    assert report.form_data["licence_plate"] == PLATE
    assert PLATE in json.dumps(canonical_report(report), default=str)


@pytest.mark.django_db
def test_the_french_form_compares_its_own_choices(client, french_theft_page):
    vehicle = french_theft_page.form_fields.get(clean_name="was_a_vehicle_involved")
    assert vehicle.choices == "Oui\nNon"
    assert french_theft_page.form_fields.get(clean_name="licence_plate").show_if == IF_VEHICLE
    client.get("/fr/")
    pass_screening(client, french_theft_page)
    html = client.get(french_theft_page.url + "details/").content.decode()
    assert "Répondez seulement si votre réponse à « Un véhicule était-il en cause? » est « Oui »." in html
    response = fill_details(client, french_theft_page, was_a_vehicle_involved="Oui")
    assert response.status_code == 200  # the vehicle's questions, now relevant
    response = fill_details(
        client, french_theft_page, was_a_vehicle_involved="Oui", licence_plate=PLATE, make="Honda", logic_shown="x"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert send(client, french_theft_page).form_data["licence_plate"] == PLATE


@pytest.mark.django_db
def test_the_french_no_drops_the_branch(client, french_theft_page):
    pass_screening(client, french_theft_page)
    response = fill_details(client, french_theft_page, was_a_vehicle_involved="Non", licence_plate=PLATE)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "licence_plate" not in send(client, french_theft_page).form_data


@pytest.mark.django_db
def test_seed_demo_adds_the_branch_to_a_demo_made_before_it(theft_page, french_theft_page):
    branch = ["was_a_vehicle_involved", "licence_plate", "make", "model", "was_it_locked"]
    for page in (theft_page, french_theft_page):
        ReportFormField.objects.filter(page=page, clean_name__in=branch).delete()
    ReportFormField.objects.filter(page=theft_page, clean_name="postal_code").delete()  # staff removed it
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # and again: nothing doubles
    english = list(ReportFormField.objects.filter(page=theft_page).order_by("sort_order"))
    names = [f.clean_name for f in english]
    assert names[names.index("town_or_city") + 1 : names.index("town_or_city") + 6] == branch
    assert "postal_code" not in names
    french = {f.clean_name: f for f in ReportFormField.objects.filter(page=french_theft_page)}
    assert french["was_a_vehicle_involved"].label == "Un véhicule était-il en cause?"
    assert french["was_it_locked"].choices == "Oui\nNon\nJe ne sais pas"
    assert french["make"].show_if == IF_VEHICLE
    assert theft_page.get_latest_revision_as_object().form_fields.filter(clean_name="make").exists()


def test_valid_answers_leave_the_vehicle_question_unanswered():
    assert "was_a_vehicle_involved" not in VALID


# Screening ---------------------------------------------------------------------------------------


@pytest.fixture
def collision_questions(theft_page):
    from forms_app.models import ScreeningQuestion

    collision = ScreeningQuestion.objects.create(
        page=theft_page,
        sort_order=10,
        question="Was it a vehicle collision?",
        stop_answer="yes",
        stop_action="attend",
        stop_message="Report collisions at a collision reporting centre.",
    )
    hurt = ScreeningQuestion.objects.create(
        page=theft_page,
        sort_order=11,
        question="Was anyone hurt?",
        stop_answer="yes",
        stop_action="call_911",
        stop_message="Call 911 now.",
        show_if={"combine": "all", "conditions": [{"field": collision.name, "operator": "is", "value": "yes"}]},
    )
    return collision, hurt


def screening_answers(page, **answers):
    data = {f"q{q.pk}": "no" for q in page.screening_questions.all()}
    data[f"q{page.screening_questions.get(kind='jurisdiction').pk}"] = "yes"
    data.update(answers)
    return data


@pytest.mark.django_db
def test_a_screening_question_whose_condition_is_false_is_not_asked_nor_counted(
    client, theft_page, collision_questions
):
    _collision, hurt = collision_questions
    html = client.get(theft_page.url).content.decode()
    assert "Answer only if your answer to “Was it a vehicle collision?” is “Yes”." in html
    # Without JavaScript the citizen answered both: "hurt" is not asked, so its "yes" stops nothing.
    response = client.post(theft_page.url, screening_answers(theft_page, **{f"q{hurt.pk}": "yes"}))
    assert response.status_code == 302 and response.url.endswith("details/")
    draft = next(v for v in dict(client.session.items()).values() if isinstance(v, dict) and "screening" in v)
    asked = [a["question"] for a in draft["screening"]]
    assert "Was it a vehicle collision?" in asked and "Was anyone hurt?" not in asked


@pytest.mark.django_db
def test_a_yes_that_makes_a_screening_question_relevant_asks_it_without_an_error(
    client, theft_page, collision_questions
):
    collision, hurt = collision_questions
    data = screening_answers(theft_page, **{f"q{collision.pk}": "yes"})
    del data[f"q{hurt.pk}"]
    response = client.post(theft_page.url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your answers mean we need to ask more. Please answer the new questions." in html
    assert "There is a problem" not in html
    assert f'name="logic_shown" value="{hurt.name}"' in html
    # Answered: the collision's stop applies.
    response = client.post(theft_page.url, {**data, f"q{hurt.pk}": "no", "logic_shown": hurt.name})
    assert response.status_code == 200
    assert "Report collisions at a collision reporting centre." in response.content.decode()


def test_translate_keeps_each_question_s_name_and_its_conditions(theft_page, french_theft_page):
    english = list(theft_page.screening_questions.all())
    french = list(french_theft_page.screening_questions.all())
    assert [q.name for q in french] == [q.name for q in english] and all(q.name for q in english)
    fields = {f.clean_name: f.show_if for f in theft_page.form_fields.all()}
    assert {f.clean_name: f.show_if for f in french_theft_page.form_fields.all()} == fields
