"""The editor's "show only if": staff pick an earlier question, how to compare and the answer
from lists; a condition that cannot be decided (on a later question, on itself, on one no
longer in the form) is refused on save with a message on that question."""

import pytest
from django.contrib.auth import get_user_model

from forms_app.models import ReportFormField, ReportFormPage, ScreeningQuestion
from tests.forms_app.test_builder_integrity import FIELDS, QUESTIONS, SLUG, edit_url, editor_data

VEHICLE = ("Was a vehicle involved?", "radio", "")
PLATE = ("Licence plate", "singleline", "vehicle_plate")


@pytest.fixture
def comms(client):
    client.force_login(get_user_model().objects.get(username="comms"))
    return client


@pytest.fixture
def add_url(home):
    return f"/admin/pages/add/forms_app/reportformpage/{home.pk}/"


def with_rows(data, prefix, index, **values):
    for key, value in values.items():
        data[f"{prefix}-{index}-show_if-{key}"] = value
    return data


def vehicle_form_data(**kwargs):
    data = editor_data(fields=[*FIELDS, VEHICLE, PLATE], **kwargs)
    data["form_fields-5-choices"] = "Yes\nNo"
    return data


@pytest.mark.django_db
def test_a_condition_on_a_later_field_is_refused_on_that_field(comms, add_url):
    data = vehicle_form_data()
    # The vehicle question (row 5) depends on the plate (row 6), which comes after it.
    with_rows(data, "form_fields", 5, **{"0-field": "licence_plate", "0-operator": "is_answered"})
    response = comms.post(add_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“Licence plate” comes after this question: a question can depend only on earlier ones." in html
    assert not ReportFormPage.objects.filter(slug=SLUG).exists()


@pytest.mark.django_db
def test_a_condition_on_itself_or_a_missing_field_is_refused(comms, add_url):
    data = vehicle_form_data()
    with_rows(data, "form_fields", 6, **{"0-field": "licence_plate", "0-operator": "is_answered"})
    with_rows(data, "form_fields", 5, **{"0-field": "no_such_field", "0-operator": "is_answered"})
    html = comms.post(add_url, data).content.decode()
    assert "A question cannot depend on its own answer." in html
    assert "The question this depends on is no longer in the form" in html
    assert not ReportFormPage.objects.filter(slug=SLUG).exists()


@pytest.mark.django_db
def test_a_condition_picked_from_the_lists_is_saved_and_listed_again(comms, add_url):
    assert comms.post(add_url, vehicle_form_data()).status_code == 302
    page = ReportFormPage.objects.get(slug=SLUG)
    # Once saved, the editor lists the earlier fields and the vehicle question's answers.
    html = comms.get(edit_url(page)).content.decode()
    assert '<option value="was_a_vehicle_involved">Was a vehicle involved?</option>' in html
    assert 'name="form_fields-6-show_if-0-choice-was_a_vehicle_involved" value="1"' in html

    ids = list(ReportFormField.objects.filter(page=page).order_by("sort_order").values_list("pk", flat=True))
    question_ids = list(ScreeningQuestion.objects.filter(page=page).values_list("pk", flat=True))
    data = vehicle_form_data(field_ids=ids, question_ids=question_ids, publish=True)
    with_rows(data, "form_fields", 6, **{"0-field": "was_a_vehicle_involved", "0-operator": "is", "combine": "all"})
    data["form_fields-6-show_if-0-choice-was_a_vehicle_involved"] = "1"
    response = comms.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plate = ReportFormField.objects.get(page=page, clean_name="licence_plate")
    assert plate.show_if == {
        "combine": "all",
        "conditions": [{"field": "was_a_vehicle_involved", "operator": "is", "value": "1"}],
    }
    html = comms.get(edit_url(page)).content.decode()
    assert 'name="form_fields-6-show_if-0-choice-was_a_vehicle_involved" value="1" checked' in html


@pytest.mark.django_db
def test_an_answer_that_does_not_fit_the_question_is_refused(comms, add_url):
    assert comms.post(add_url, vehicle_form_data()).status_code == 302
    page = ReportFormPage.objects.get(slug=SLUG)
    ids = list(ReportFormField.objects.filter(page=page).order_by("sort_order").values_list("pk", flat=True))
    data = vehicle_form_data(field_ids=ids)
    # "more than" a word, on a question typed in; nothing ticked for a question with choices.
    with_rows(data, "form_fields", 6, **{"0-field": "story", "0-operator": "more_than", "0-text": "lots"})
    with_rows(data, "form_fields", 6, **{"1-field": "was_a_vehicle_involved", "1-operator": "is"})
    html = comms.post(edit_url(page), data).content.decode()
    assert "Type a number to compare with, for example 500." in html
    assert "Tick the answer to compare with for “Was a vehicle involved?”." in html


@pytest.mark.django_db
def test_a_screening_question_may_depend_on_an_earlier_one(comms, add_url):
    assert comms.post(add_url, editor_data(questions=[*QUESTIONS, "Was anyone hurt?"])).status_code == 302
    page = ReportFormPage.objects.get(slug=SLUG)
    questions = list(ScreeningQuestion.objects.filter(page=page).order_by("sort_order"))
    assert len({q.name for q in questions}) == 3 and all(q.name for q in questions)
    ids = list(ReportFormField.objects.filter(page=page).order_by("sort_order").values_list("pk", flat=True))
    asked = [*QUESTIONS, "Was anyone hurt?"]
    data = editor_data(questions=asked, field_ids=ids, question_ids=[q.pk for q in questions])
    first = questions[0].name
    with_rows(data, "screening_questions", 2, **{"0-field": first, "0-operator": "is"})
    data[f"screening_questions-2-show_if-0-choice-{first}"] = "no"
    # The first question cannot depend on the third.
    with_rows(data, "screening_questions", 0, **{"0-field": questions[2].name, "0-operator": "is_answered"})
    html = comms.post(edit_url(page), data).content.decode()
    assert "“Was anyone hurt?” comes after this question" in html
    with_rows(data, "screening_questions", 0, **{"0-field": ""})
    assert comms.post(edit_url(page), data).status_code == 302
    hurt = ScreeningQuestion.objects.get(page=page, question="Was anyone hurt?")
    assert hurt.show_if == {"combine": "all", "conditions": [{"field": first, "operator": "is", "value": "no"}]}
    assert hurt.name == questions[2].name
