"""Error messages say what to do (GOV.UK style), made from the field's type and label, in the
citizen's language: never "This field is required.", never the question repeated."""

import pytest
from django.utils import translation

from forms_app.answers import FieldType
from forms_app.errors import required_message, screening_message
from forms_app.models import ScreeningQuestion

from .conftest import VALID, fill_details, pass_screening, question_names

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field_type", "label", "expected"),
    [
        (FieldType.SINGLELINE, "Town or city", "Enter town or city"),
        (FieldType.EMAIL, "Your email address", "Enter your email address"),
        (FieldType.DATE, "The date it happened", "Enter the date it happened"),
        (FieldType.MULTILINE, "What happened?", "Enter what happened"),
        (FieldType.SINGLELINE, "VIN of the car", "Enter VIN of the car"),
        (FieldType.DROPDOWN, "Province of the plate", "Select province of the plate"),
        (FieldType.RADIO, "Is there a witness?", "Select yes if there is a witness"),
        (FieldType.RADIO, "Was the vehicle locked?", "Select an answer"),
        (FieldType.UPLOAD, "Photos of the damage", "Select photos of the damage"),
        (FieldType.PROPERTY, "Stolen items", "Add at least one item to stolen items"),
    ],
)
def test_a_required_message_is_made_from_the_type_and_label(field_type, label, expected):
    assert required_message(field_type, label) == expected


def test_the_required_message_is_in_french_for_a_french_reader():
    with translation.override("fr"):
        assert required_message(FieldType.EMAIL, "Adresse courriel") == "Entrez adresse courriel"
        assert required_message(FieldType.DROPDOWN, "Province de la plaque") == "Sélectionnez province de la plaque"
        assert (
            required_message(FieldType.RADIO, "Est-ce qu’il y avait un témoin?")
            == "Sélectionnez oui s’il y avait un témoin"
        )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Do you know the person who did it?", "Select yes if you know the person who did it"),
        ("Is anyone hurt?", "Select yes if anyone is hurt"),
        ("Did the neighbours see it?", "Select yes or no"),
    ],
)
def test_a_screening_question_of_staff_gets_a_select_yes_if_message(question, expected):
    assert screening_message(ScreeningQuestion(kind="other", question=question), None) == expected


def test_an_empty_form_says_what_to_enter_for_each_field(client, theft_page):
    pass_screening(client, theft_page)
    answers = {name: "" for name in VALID if not name.startswith("stolen_items-")}
    html = fill_details(client, theft_page, **answers).content.decode()
    for message in (
        "Enter date it happened",
        "Enter street address or nearest intersection",
        "Enter what happened",
        "Enter email address",
        "Enter phone number",
    ):
        assert html.count(message) == 2, message  # in the summary and at the field
    assert "This field is required." not in html
    assert "Date it happened: " not in html  # the summary says what to do, not the question


def test_an_unanswered_emergency_question_says_select_yes_if(client, theft_page):
    names = question_names(client, theft_page)
    html = client.post(theft_page.url, dict.fromkeys(names[1:], "no")).content.decode()
    assert "Select yes if anyone is in danger or the crime is still happening" in html
    assert "This field is required." not in html


def test_french_messages_on_the_french_form(client, french_theft_page):
    names = question_names(client, french_theft_page)
    html = client.post(french_theft_page.url, dict.fromkeys(names[1:], "no")).content.decode()
    assert "Sélectionnez oui si quelqu’un est en danger ou si le crime est en cours" in html
    answers = dict.fromkeys(names, "no")
    jurisdiction = french_theft_page.screening_questions.get(kind="jurisdiction")
    answers[f"q{jurisdiction.pk}"] = "yes"
    client.post(french_theft_page.url, answers)
    html = fill_details(client, french_theft_page, email_address="").content.decode()
    assert "Entrez adresse courriel" in html
