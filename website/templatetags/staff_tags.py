"""How staff screens (the task screens, the admin) write dates and languages: one format per
language, in words, on every staff page."""

from django import template
from django.conf import settings
from django.utils import formats, timezone, translation

register = template.Library()

# Django's locale data gives the month names; the order and the time are written as each
# language's staff write them: "1 December 2026, 8:47 p.m.", "1 décembre 2026, 20 h 47".
DATETIME_FORMATS = {"en": "j F Y, P", "fr": r"j F Y, G \h i"}


@register.filter
def staff_datetime(value):
    """``value`` (an aware datetime) in local time, in the active language's one format."""
    if not value:
        return ""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    pattern = DATETIME_FORMATS.get(language, DATETIME_FORMATS["en"])
    return formats.date_format(timezone.localtime(value), pattern)


@register.filter
def language_name(code):
    """'en' -> 'English' (in the language being used): the name of a report's language."""
    if not code:
        return ""
    try:
        return translation.gettext(translation.get_language_info(code)["name"])
    except KeyError:
        return code
