"""Form builder integrity: what the officer sees in the editor is what goes live, each field and
each screening question once, whatever sequence of background draft saves (autosave), refused
publishes and "saved in another window" confirmations brought it there; and no way of saving or
publishing (the editor, autosave, a revision, a scheduled publication, code) lets a live form map
an RMS element twice or leave a required one unmapped.

The browser's form knows a row's database id only once a save's response has come back. The
requests below are the ones Chromium sends: an autosave (``Accept: application/json``), then a
full POST (Publish, or the same POST again after "Continue" in the "saved in another window"
dialog) whose rows carry no ids because it left before the autosave's answer arrived.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from forms_app.models import IncidentType, ReportFormField, ReportFormPage, ScreeningQuestion
from tests.factories import in_demo

SLUG = "report-graffiti"
FIELDS = [
    ("Date", "date", "occurred_from"),
    ("Where", "postal_code", "location_postal_code"),
    ("Story", "multiline", "narrative"),
    ("Email", "email", "reporter_email"),
    ("Surname", "singleline", "reporter_last_name"),
]
QUESTIONS = ["Is anyone in danger?", "Do you know who did it?"]
JSON = {"HTTP_ACCEPT": "application/json"}


def field_row(label, field_type, element, row_id=""):
    return {
        "id": row_id,
        "label": label,
        "help_text": "",
        "required": "on",
        "field_type": field_type,
        "rms_element": element,
        "choices": "",
        "default_value": "",
        "max_file_mb": "10",
        "max_files": "5",
    }


def question_row(question, row_id=""):
    return {
        "id": row_id,
        "question": question,
        "stop_answer": "yes",
        "stop_action": "call_911",
        "kind": "other",
        "stop_message": "Call 911.",
    }


def editor_data(fields=FIELDS, questions=QUESTIONS, *, field_ids=(), question_ids=(), publish=False, extra=None):
    """The editor's form as the browser sends it. Rows whose id the browser learnt from a save's
    response carry it (``field_ids``, ``question_ids``, in order), the others none."""
    field_rows = [field_row(*f, row_id=str(i)) for f, i in zip(fields, [*field_ids, *[""] * len(fields)], strict=False)]
    question_rows = [
        question_row(q, row_id=str(i)) for q, i in zip(questions, [*question_ids, *[""] * len(questions)], strict=False)
    ]
    fields_formset = inline_formset(field_rows, initial=len(field_ids))
    questions_formset = inline_formset(question_rows, initial=len(question_ids))
    data = {
        "title": "Report graffiti",
        "slug": SLUG,
        "intro": rich_text("<p>Graffiti on your home, car or business.</p>"),
        "reportable_text": rich_text(""),
        "incident_type": str(IncidentType.objects.get(code="MISCHIEF").pk),
        "screening_questions": questions_formset,
        "form_fields": fields_formset,
        "receipt_text": rich_text(""),
        "email_text": "",
        **(extra or {}),
    }
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


def live_content(page):
    """The live page's fields and questions as the public site reads them (the database rows)."""
    page = ReportFormPage.objects.get(pk=page.pk)
    fields = [(f.label, f.field_type, f.rms_element) for f in ReportFormField.objects.filter(page=page)]
    questions = [q.question for q in ScreeningQuestion.objects.filter(page=page)]
    return page, sorted(fields), sorted(questions)


def latest_revision_content(page):
    content = ReportFormPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    return (
        sorted((f.label, f.field_type, f.rms_element) for f in content.form_fields.all()),
        sorted(q.question for q in content.screening_questions.all()),
    )


@pytest.fixture
def comms(client):
    client.force_login(get_user_model().objects.get(username="comms"))
    return client


@pytest.fixture
def add_url(home):
    return f"/admin/pages/add/forms_app/reportformpage/{home.pk}/"


def autosave_new_form(client, add_url, **kwargs):
    """The first background save of a new form: Wagtail's create view makes the page."""
    response = client.post(add_url, editor_data(**kwargs), **JSON)
    assert response.status_code == 200, response.content[:2000]
    body = response.json()
    assert body["success"], body
    return ReportFormPage.objects.get(pk=body["pk"]), body


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


# (a) Doubled rows --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_publish_sent_before_the_autosave_answered_puts_each_field_on_the_live_page_once(comms, add_url):
    page, body = autosave_new_form(comms, add_url)
    assert body["field_updates"]  # the ids the browser would have filled in, had it waited
    # Publish left before that answer came back: its rows have no ids.
    response = comms.post(edit_url(page), editor_data(publish=True))
    assert response.status_code == 302, response.content.decode()[:3000]

    page, fields, questions = live_content(page)
    assert page.live
    assert fields == sorted(FIELDS)
    assert questions == sorted(QUESTIONS)


@pytest.mark.django_db
def test_refused_publish_autosave_and_saved_in_another_window_then_publish_keep_each_row_once(comms, add_url):
    """The reported sequence: a refused publish, then the background save, then Publish with
    "Continue" in the "saved in another window" dialog: 22 fields for 11, 6 questions for 3."""
    unmapped = [(label, kind, "" if element == "narrative" else element) for label, kind, element in FIELDS]
    page, _body = autosave_new_form(comms, add_url, fields=unmapped)
    loaded = ReportFormPage.objects.get(pk=page.pk).get_latest_revision()

    # Publish, sent while that autosave was on its way: refused, narrative unmapped.
    refused = comms.post(edit_url(page), editor_data(fields=unmapped, publish=True))
    assert refused.status_code == 200
    assert "This form cannot be published until fields are mapped to: what happened (narrative)." in (
        refused.content.decode()
    )
    # The refused page comes back with the rows as sent (no ids); the officer maps the narrative
    # and the background save sends it.
    autosave = comms.post(
        edit_url(page),
        editor_data(
            extra={"loaded_revision_id": str(loaded.pk), "loaded_revision_created_at": loaded.created_at.isoformat()}
        ),
        **JSON,
    )
    assert autosave.status_code == 200, autosave.content[:2000]
    assert latest_revision_content(page) == (sorted(FIELDS), sorted(QUESTIONS))
    # "Saved in another window" -> Continue: the same full POST, still without the ids.
    response = comms.post(edit_url(page), editor_data(publish=True))
    assert response.status_code == 302, response.content.decode()[:3000]

    page, fields, questions = live_content(page)
    assert page.live
    assert fields == sorted(FIELDS)
    assert questions == sorted(QUESTIONS)


@pytest.mark.django_db
def test_rows_the_browser_knows_keep_their_ids_and_removed_rows_go(comms, add_url):
    page, _body = autosave_new_form(comms, add_url)
    field_ids = list(ReportFormField.objects.filter(page=page).values_list("pk", flat=True))
    question_ids = list(ScreeningQuestion.objects.filter(page=page).values_list("pk", flat=True))
    # The officer removes the surname's field (the editor keeps the row, marked deleted)...
    data = editor_data(field_ids=field_ids, question_ids=question_ids)
    data["form_fields-4-DELETE"] = "1"
    assert comms.post(edit_url(page), data).status_code == 302
    assert sorted(ReportFormField.objects.filter(page=page).values_list("pk", flat=True)) == sorted(field_ids[:4])
    # ... then adds it back with the same label and publishes: a new row, the others kept.
    data = editor_data(field_ids=field_ids[:4], question_ids=question_ids, publish=True)
    assert comms.post(edit_url(page), data).status_code == 302
    page, fields, questions = live_content(page)
    assert fields == sorted(FIELDS) and questions == sorted(QUESTIONS)
    kept = set(ReportFormField.objects.filter(page=page).values_list("pk", flat=True))
    assert set(field_ids[:4]) <= kept and len(kept) == 5 and field_ids[4] not in kept
    assert set(ScreeningQuestion.objects.filter(page=page).values_list("pk", flat=True)) == set(question_ids)


@pytest.mark.django_db
def test_the_editor_refuses_two_fields_with_the_same_name_or_the_same_question_twice(comms, add_url):
    data = editor_data(fields=[*FIELDS, ("Story", "multiline", "")], questions=[*QUESTIONS, QUESTIONS[0]], publish=True)
    response = comms.post(add_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Field name &#x27;story&#x27; conflicts with another field. Please change the label." in html
    assert "Each screening question can be asked only once. Asked twice: Is anyone in danger?" in html
    assert not in_demo(ReportFormPage).filter(slug=SLUG).exists()


# (b) The rules hold on every path ---------------------------------------------------------------


@pytest.fixture
def live_form(comms, add_url):
    assert comms.post(add_url, editor_data(publish=True)).status_code == 302
    return in_demo(ReportFormPage).get(slug=SLUG)


@pytest.mark.django_db
def test_autosave_of_a_live_form_refuses_an_element_mapped_twice_with_a_message_not_a_500(comms, live_form):
    field_ids = list(ReportFormField.objects.filter(page=live_form).values_list("pk", flat=True))
    question_ids = list(ScreeningQuestion.objects.filter(page=live_form).values_list("pk", flat=True))
    revisions = live_form.revisions.count()
    data = editor_data(
        fields=[*FIELDS, ("Other email", "email", "reporter_email")], field_ids=field_ids, question_ids=question_ids
    )
    response = comms.post(edit_url(live_form), data, **JSON)
    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_error"
    assert live_form.revisions.count() == revisions
    # Saved as a draft by the Save button instead: the message names the element.
    response = comms.post(edit_url(live_form), data)
    assert response.status_code == 200
    assert "Each RMS element can fill only one field. Used twice: Reporter: email." in response.content.decode()
    assert live_form.revisions.count() == revisions


@pytest.mark.django_db
def test_code_cannot_save_a_live_form_with_an_element_mapped_twice(live_form):
    page = ReportFormPage.objects.get(pk=live_form.pk)
    page.form_fields.add(ReportFormField(label="Other email", field_type="email", rms_element="reporter_email"))
    with pytest.raises(ValidationError, match="Used twice: Reporter: email"):
        page.save()
    assert ReportFormField.objects.filter(page=live_form).count() == len(FIELDS)


@pytest.mark.django_db
def test_code_cannot_save_a_live_form_with_a_required_element_unmapped(live_form):
    page = ReportFormPage.objects.get(pk=live_form.pk)
    narrative = page.form_fields.get(rms_element="narrative")
    narrative.rms_element = ""
    page.form_fields.add(narrative)
    with pytest.raises(ValidationError, match="what happened \\(narrative\\)"):
        page.save()
    assert ReportFormField.objects.get(page=live_form, label="Story").rms_element == "narrative"


@pytest.mark.django_db
def test_a_revision_saved_without_checks_cannot_be_published_with_an_element_mapped_twice(live_form):
    """A revision saved as autosave saves it (``clean=False``), then published: from the history,
    by a moderator's approval or by code."""
    page = ReportFormPage.objects.get(pk=live_form.pk)
    page.form_fields.add(ReportFormField(label="Other email", field_type="email", rms_element="reporter_email"))
    revision = page.save_revision(clean=False)
    with pytest.raises(ValidationError, match="Used twice: Reporter: email"):
        revision.publish()
    assert ReportFormPage.objects.get(pk=live_form.pk).live_revision_id != revision.pk
    assert ReportFormField.objects.filter(page=live_form).count() == len(FIELDS)


@pytest.mark.django_db
def test_a_revision_with_the_same_field_twice_cannot_be_published(live_form):
    page = ReportFormPage.objects.get(pk=live_form.pk)
    page.form_fields.add(ReportFormField(label="Story", field_type="multiline", rms_element=""))
    revision = page.save_revision(clean=False)
    with pytest.raises(ValidationError, match="Two fields have the same name: story"):
        revision.publish()
    assert ReportFormField.objects.filter(page=live_form).count() == len(FIELDS)


@pytest.mark.django_db
def test_a_scheduled_publication_cannot_put_an_unmapped_form_live(live_form):
    page = ReportFormPage.objects.get(pk=live_form.pk)
    narrative = page.form_fields.get(rms_element="narrative")
    narrative.rms_element = ""
    page.form_fields.add(narrative)
    revision = page.save_revision(clean=False)
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    with pytest.raises(ValidationError, match="what happened \\(narrative\\)"):
        call_command("publish_scheduled")
    assert ReportFormField.objects.get(page=live_form, label="Story").rms_element == "narrative"


@pytest.mark.django_db
def test_publishing_a_revision_from_the_history_is_refused_with_a_message(comms, live_form):
    page = ReportFormPage.objects.get(pk=live_form.pk)
    page.form_fields.add(ReportFormField(label="Other email", field_type="email", rms_element="reporter_email"))
    revision = page.save_revision(clean=False)
    # "Review this version" then Publish, from the page's history: the editor on that revision.
    url = f"/admin/pages/{live_form.pk}/revisions/{revision.pk}/revert/"
    form = comms.get(url)
    assert form.status_code == 200
    field_ids = [str(f.pk) for f in revision.as_object().form_fields.all() if f.pk]
    question_ids = list(ScreeningQuestion.objects.filter(page=live_form).values_list("pk", flat=True))
    data = editor_data(
        fields=[*FIELDS, ("Other email", "email", "reporter_email")],
        field_ids=field_ids,
        question_ids=question_ids,
        publish=True,
    )
    response = comms.post(url, data)
    assert response.status_code == 200
    assert "Each RMS element can fill only one field. Used twice: Reporter: email." in response.content.decode()
    assert ReportFormField.objects.filter(page=live_form).count() == len(FIELDS)


@pytest.mark.django_db
def test_a_new_form_has_no_background_save_until_it_is_saved_once_then_its_editor_has(comms, add_url, home):
    """Autosave on the "new page" form would make the page while a Publish sent before its answer
    goes to the "new page" view and is refused (the slug is taken)."""
    new = comms.get(add_url).content.decode()
    assert 'data-controller="w-init w-unsaved w-autosave"' not in new
    assert 'data-controller="w-init w-unsaved "' in new
    # Other page types keep Wagtail's autosave from the start.
    assert 'data-controller="w-init w-unsaved w-autosave"' in (
        comms.get(f"/admin/pages/add/website/standardpage/{home.pk}/").content.decode()
    )
    assert comms.post(add_url, editor_data()).status_code == 302
    page = in_demo(ReportFormPage).get(slug=SLUG)
    assert 'data-controller="w-init w-unsaved w-autosave"' in comms.get(edit_url(page)).content.decode()
