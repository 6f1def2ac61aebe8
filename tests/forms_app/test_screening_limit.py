"""The value-limit screening question asks about the incident type's own limit, written the way
the citizen's language writes amounts; change the limit and the question and its stop page follow."""

from decimal import Decimal

import pytest

from forms_app.models import IncidentType, ScreeningKind

from .conftest import question_names

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def set_limit(amount):
    IncidentType.objects.filter(code="THEFT-UNDER").update(property_value_limit=amount)


def stop_on_the_value_limit(client, page):
    answers = dict.fromkeys(question_names(client, page), "no")
    answers[f"q{page.screening_questions.get(kind=ScreeningKind.JURISDICTION).pk}"] = "yes"
    answers[f"q{page.screening_questions.get(kind=ScreeningKind.VALUE_LIMIT).pk}"] = "yes"
    return client.post(page.url, answers)


@pytest.mark.parametrize(
    "amount, english, french",
    [
        (Decimal("2500"), "$2,500", f"2{NBSP}500{NBSP}$"),
        (Decimal("12500.50"), "$12,500.50", f"12{NBSP}500,50{NBSP}$"),
    ],
)
def test_the_question_and_the_stop_page_give_the_incident_types_limit(
    client, theft_page, french_theft_page, amount, english, french
):
    set_limit(amount)
    html = client.get(theft_page.url).content.decode()
    assert f"Is the total value of the loss or damage more than {english}?" in html
    assert "more than $5,000" not in html
    stopped = stop_on_the_value_limit(client, theft_page).content.decode()
    assert f"Losses over {english} must be reported to an officer." in stopped

    html = client.get(french_theft_page.url).content.decode()
    assert f"La valeur totale de la perte ou des dommages dépasse-t-elle {french}" in html
    assert "dépasse-t-elle 5" not in html
    stopped = stop_on_the_value_limit(client, french_theft_page).content.decode()
    assert f"Les pertes de plus de {french} doivent être signalées à un policier." in stopped


def test_the_answers_keep_the_question_as_the_citizen_read_it(client, theft_page):
    set_limit(Decimal("2500"))
    answers = dict.fromkeys(question_names(client, theft_page), "no")
    answers[f"q{theft_page.screening_questions.get(kind=ScreeningKind.JURISDICTION).pk}"] = "yes"
    assert client.post(theft_page.url, answers).status_code == 302
    html = client.get(theft_page.url).content.decode()  # back to the questions: answers kept
    assert "more than $2,500?" in html
    screening = next(v for k, v in client.session.items() if isinstance(v, dict) and "screening" in v)["screening"]
    assert "Is the total value of the loss or damage more than $2,500?" in [a["question"] for a in screening]


def test_a_type_without_a_limit_does_not_ask_about_one(client, theft_page):
    set_limit(None)
    names = question_names(client, theft_page)
    value_limit = theft_page.screening_questions.get(kind=ScreeningKind.VALUE_LIMIT)
    assert f"q{value_limit.pk}" not in names
    assert "{limit}" not in client.get(theft_page.url).content.decode()
    answers = dict.fromkeys(names, "no")
    answers[f"q{theft_page.screening_questions.get(kind=ScreeningKind.JURISDICTION).pk}"] = "yes"
    assert client.post(theft_page.url, answers).status_code == 302


def test_forms_with_the_old_standard_wording_take_the_placeholder(theft_page, french_theft_page):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("forms_app.migrations.0003_screening_text_value_limit_placeholder")
    old_english, old_french = (
        "Is the total value of the loss or damage more than $5,000?",
        "La valeur totale de la perte ou des dommages dépasse-t-elle 5\u00a0000\u00a0$ ?",
    )
    english = theft_page.screening_questions.get(kind=ScreeningKind.VALUE_LIMIT)
    french = french_theft_page.screening_questions.get(kind=ScreeningKind.VALUE_LIMIT)
    reworded = theft_page.screening_questions.get(kind=ScreeningKind.EMERGENCY)
    english.question, french.question = old_english, old_french
    english.stop_message = "Losses over $5,000 must be reported to an officer. Please call or visit a station."
    french.stop_message = (
        "Les pertes de plus de 5\u00a0000\u00a0$ doivent être signalées à un policier. Veuillez appeler ou vous "
        "présenter à un poste de police."
    )
    english.save()
    french.save()
    reworded.question = "Is the total value more than $5,000?"
    reworded.kind = ScreeningKind.VALUE_LIMIT
    reworded.save()
    migration.use_the_placeholder(apps, None)
    english.refresh_from_db()
    french.refresh_from_db()
    reworded.refresh_from_db()
    assert english.question == "Is the total value of the loss or damage more than {limit}?"
    assert french.question == "La valeur totale de la perte ou des dommages dépasse-t-elle {limit} ?"
    assert english.stop_message.startswith("Losses over {limit} must")
    assert french.stop_message.startswith("Les pertes de plus de {limit} doivent")
    assert reworded.question == "Is the total value more than $5,000?"  # staff's own words are kept
