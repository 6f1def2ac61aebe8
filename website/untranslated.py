"""Which parts of a translated page still read word for word as the page it was translated from.

"Translate" copies every word of the source page; the translator then rewords each part. What is
still identical is almost always a part they missed: the editor names those parts before they
publish (website/wagtail_hooks.py). Models add their own rows (a form's questions and fields)
with an ``untranslated_child_parts(source)`` method that returns labels the same way."""

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

# Of Wagtail's own page fields, those a reader reads.
PAGE_TEXT_FIELDS = ["title", "seo_title", "search_description"]


def source_page(page):
    """The page in the default language that ``page`` is a translation of, or None."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return None
    source = page.get_translation_or_none(default)
    if source is None:
        return None
    source = source.specific
    return source if source.live else source.get_latest_revision_as_object()


def language_name(locale):
    names = dict(settings.LANGUAGES)
    return str(names.get(locale.language_code, locale.get_display_name()))


def _is_text(field):
    if isinstance(field, StreamField):
        return True
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def _text_fields(model):
    page_fields = {f.name for f in Page._meta.concrete_fields}
    for field in model._meta.concrete_fields:
        if field.name in PAGE_TEXT_FIELDS or (field.name not in page_fields and _is_text(field)):
            yield field


def _stream_parts(field, page, source):
    label = capfirst(field.verbose_name)
    source_blocks = {block.get("id"): block for block in getattr(field.value_from_object(source), "raw_data", [])}
    parts = []
    for n, block in enumerate(field.value_from_object(page).raw_data, start=1):
        same = source_blocks.get(block.get("id"))
        if same is not None and same["type"] == block["type"] and same["value"] == block["value"] and block["value"]:
            child = field.stream_block.child_blocks.get(block["type"])
            parts.append(
                _("%(field)s, block %(number)d (%(kind)s)")
                % {"field": label, "number": n, "kind": child.label if child else block["type"]}
            )
    return parts


def untranslated_parts(page, source=None):
    """The labels of ``page``'s parts still identical to ``source`` (by default its page in the
    default language), in the editor's order; [] when all are translated or it is no translation."""
    source = source if source is not None else source_page(page)
    if source is None or type(source) is not type(page):
        return []
    parts = []
    for field in _text_fields(type(page)):
        if isinstance(field, StreamField):
            parts.extend(_stream_parts(field, page, source))
            continue
        value = field.value_from_object(page)
        if value and value.strip() and value == field.value_from_object(source):
            parts.append(str(capfirst(field.verbose_name)))
    if hasattr(page, "untranslated_child_parts"):
        parts.extend(page.untranslated_child_parts(source))
    return parts


def warning(page, source=None):
    """The editor's message naming the parts still in the source language, or None."""
    source = source if source is not None else source_page(page)
    parts = untranslated_parts(page, source)
    if not parts:
        return None
    return _("Still in %(language)s: %(parts)s. Translate them before you publish.") % {
        "language": language_name(source.locale),
        "parts": ", ".join(parts),
    }
