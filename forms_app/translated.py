"""What "Translate" (Wagtail's copy for translation) does to a report form besides copying it:
the standard screening questions come in the new page's language."""

from django.dispatch import receiver
from wagtail.signals import copy_for_translation_done

from .models import ReportFormPage
from .models.pages import localise_standard_questions


@receiver(copy_for_translation_done)
def standard_questions_in_the_new_language(sender, source_obj, target_obj, **kwargs):
    if not isinstance(target_obj.specific, ReportFormPage):
        return
    page = ReportFormPage.objects.select_related("locale", "latest_revision").get(pk=target_obj.pk)
    changed = localise_standard_questions(page.screening_questions.all(), page.locale.language_code)
    if not changed:
        return
    for question in changed:
        question.save(update_fields=["question", "stop_message"])
    # The editor opens the latest revision, which the copy wrote with the source's words.
    if page.latest_revision is not None:
        page.latest_revision.content = page.serializable_data()
        page.latest_revision.save(update_fields=["content"])
