"""The editor of a translated page names the parts still word for word in the source language."""

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from forms_app.models import IncidentType, ReportFormPage
from website.models import NewsPage, StandardPage
from website.untranslated import untranslated_parts, warning


def theft_type():
    return IncidentType.objects.get(code="THEFT-UNDER")


def french(page):
    return page.get_translation(Locale.objects.get(language_code="fr")).specific


def fresh_translation(home, **fields):
    english = ReportFormPage(
        title="Report a bicycle theft", slug="report-bicycle-theft", live=False, incident_type=theft_type(), **fields
    )
    home.add_child(instance=english)
    english.form_fields.create(label="Describe what happened", field_type="multiline", rms_element="narrative")
    english.save_revision()
    return english.copy_for_translation(Locale.objects.get(language_code="fr")).specific


def test_a_fresh_translation_of_a_form_names_each_part_still_in_english(home):
    copy = fresh_translation(home, intro="<p>For stolen bicycles.</p>")
    # The standard questions came in French; the title, the intro and the field did not.
    assert untranslated_parts(copy) == ["Title", "Introduction", "Field “Describe what happened”"]
    assert warning(copy) == (
        "Still in English: Title, Introduction, Field “Describe what happened”. Translate them before you publish."
    )


def test_a_reworded_question_left_in_english_is_named_by_its_position(home):
    english = ReportFormPage(
        title="Report a bicycle theft", slug="report-bicycle-theft", live=False, incident_type=theft_type()
    )
    home.add_child(instance=english)
    question = english.screening_questions.get(kind="jurisdiction")
    question.question = "Did it happen in Oakville?"
    question.save()
    copy = english.copy_for_translation(Locale.objects.get(language_code="fr")).specific
    copy.title = "Signaler un vol de vélo"
    assert untranslated_parts(copy) == ["Screening question 3"]


def test_a_translated_page_has_no_warning(theft_page, french_theft_page):
    assert untranslated_parts(french_theft_page.specific) == []
    assert warning(french_theft_page.specific) is None
    assert warning(theft_page) is None  # the source itself is no translation


def test_news_body_blocks_still_in_english_are_named(news_index):
    english = NewsPage.objects.child_of(news_index).get(slug="fraud-awareness-month")
    copy = french(english)
    assert untranslated_parts(copy) == []
    copy.body = english.body.raw_data  # the French body put back to the English one
    copy.intro = english.intro
    assert untranslated_parts(copy) == [
        "Summary",
        "Body, block 1 (Paragraph)",
        "Body, block 2 (Paragraph)",
        "Body, block 3 (Report online)",
    ]


def test_the_editor_warns_on_opening_and_after_saving_a_draft(client, home):
    copy = fresh_translation(home)
    client.force_login(get_user_model().objects.get(username="comms"))
    edit_url = f"/admin/pages/{copy.pk}/edit/"
    response = client.get(edit_url)
    assert response.status_code == 200
    assert "Still in English: Title, Field “Describe what happened”." in response.content.decode()

    copy.title = "Signaler un vol de vélo"
    field = copy.form_fields.get()
    field.label = "Décrivez ce qui s’est passé"
    copy.save_revision()
    field.save()
    copy.save_revision()
    response = client.get(edit_url)
    assert "Still in English" not in response.content.decode()


def test_saving_a_draft_shows_the_warning(client, home):
    copy = fresh_translation(home)
    client.force_login(get_user_model().objects.get(username="comms"))
    data = nested_form_data(
        {
            "title": copy.title,
            "slug": copy.slug,
            "intro": rich_text(""),
            "reportable_text": rich_text(""),
            "incident_type": str(copy.incident_type_id),
            "screening_questions": inline_formset(
                [
                    {
                        "id": q.pk,
                        "question": q.question,
                        "stop_answer": q.stop_answer,
                        "stop_action": q.stop_action,
                        "kind": q.kind,
                        "stop_message": q.stop_message,
                    }
                    for q in copy.screening_questions.all()
                ],
                initial=4,
            ),
            "form_fields": inline_formset(
                [
                    {
                        "id": f.pk,
                        "label": f.label,
                        "help_text": "",
                        "field_type": f.field_type,
                        "rms_element": f.rms_element,
                        "choices": "",
                        "default_value": "",
                        "max_file_mb": "10",
                        "max_files": "5",
                    }
                    for f in copy.form_fields.all()
                ],
                initial=1,
            ),
            "receipt_text": rich_text(""),
            "email_text": "",
        }
    )
    response = client.post(f"/admin/pages/{copy.pk}/edit/", data, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/pages/{copy.pk}/edit/"
    html = response.content.decode()
    assert "saved" in html
    assert "Still in English: Title, Field “Describe what happened”." in html


def test_publishing_with_parts_untranslated_warns_but_publishes(client, home):
    privacy = french(StandardPage.objects.child_of(home).get(slug="privacy"))
    client.force_login(get_user_model().objects.get(username="comms"))
    english_intro = StandardPage.objects.child_of(home).get(slug="privacy").intro
    data = nested_form_data(
        {
            "title": privacy.title,
            "slug": privacy.slug,
            "intro": english_intro,
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{privacy.pk}/edit/", data)
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Still in English: Introduction. Translate them before you publish." in texts, texts
    privacy.refresh_from_db()
    assert privacy.intro == english_intro and privacy.live
