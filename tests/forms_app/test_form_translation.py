"""A report form made in French, or translated to French with "Translate", asks the standard
screening questions in French; questions staff reworded are left as they wrote them."""

import html

from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.models import Locale

from forms_app.models import IncidentType, ReportFormPage
from forms_app.models.pages import STANDARD_SCREENING
from tests.factories import demo_home

FRENCH_QUESTIONS = [
    "Une personne est-elle en danger, ou le crime est-il encore en cours ?",
    "L’incident s’est-il produit dans notre région ?",
]


def theft_type():
    return IncidentType.objects.get(code="THEFT-UNDER")


def standard(language):
    with translation.override(language):
        return [(str(p["question"]), str(p["stop_message"])) for p in STANDARD_SCREENING]


def test_a_new_form_in_the_french_tree_starts_with_the_standard_questions_in_french(client, db):
    client.force_login(get_user_model().objects.get(username="comms"))
    french_home = demo_home("fr")
    # The officer works in English; the page is French.
    page = client.get(f"/admin/pages/add/forms_app/reportformpage/{french_home.pk}/")
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    for question in FRENCH_QUESTIONS:
        assert question in text
    assert "Is anyone in danger, or is the crime still happening?" not in text


def test_a_form_made_in_code_for_a_french_locale_asks_in_french(db):
    page = ReportFormPage(title="Vol", locale=Locale.objects.get(language_code="fr"))
    rows = [(q.question, q.stop_message) for q in page.screening_questions.all()]
    assert rows == standard("fr")
    assert [(q.question, q.stop_message) for q in ReportFormPage(title="Theft").screening_questions.all()] == (
        standard("en")
    )


def test_translate_puts_the_standard_questions_in_the_new_language(client, home):
    english = ReportFormPage(
        title="Report a bicycle theft", slug="report-bicycle-theft", live=False, incident_type=theft_type()
    )
    home.add_child(instance=english)
    reworded = english.screening_questions.get(kind="suspect_known")
    reworded.question = "Do you know who took it?"
    reworded.save()
    english.save_revision()

    client.force_login(get_user_model().objects.get(username="comms"))
    response = client.post(
        f"/admin/translation/submit/page/{english.pk}/", {"locales": [Locale.objects.get(language_code="fr").pk]}
    )
    assert response.status_code == 302
    french = english.get_translation(Locale.objects.get(language_code="fr")).specific
    expected = standard("fr")
    expected[1] = ("Do you know who took it?", expected[1][1])  # reworded: left for the translator
    assert [(q.question, q.stop_message) for q in french.screening_questions.all()] == expected
    # The editor opens the latest revision: it has them too.
    latest = french.get_latest_revision_as_object()
    assert [(q.question, q.stop_message) for q in latest.screening_questions.all()] == expected
    first = english.screening_questions.first()
    assert (first.question, first.stop_message) == standard("en")[0]
