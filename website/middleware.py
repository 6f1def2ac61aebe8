"""The language of each request.

Public pages are served under a language prefix (``/fr/...``; English has none), so the
address alone says which language a page is in, and a shared link opens in the language it was
sent in. Staff screens (the Wagtail admin, the review tasks) have no prefix: there the staff
member's own choice applies, the language in their Wagtail account settings, else the language
they picked with the switcher or their browser asks for.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

STAFF_PATH_PREFIXES = ("/admin/", "/workflow/", "/django-admin/")


def staff_language(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        profile = getattr(user, "wagtail_userprofile", None)
        if profile is not None and profile.preferred_language in dict(settings.LANGUAGES):
            return profile.preferred_language
    return translation.get_language_from_request(request, check_path=False)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith(STAFF_PATH_PREFIXES):
            translation.activate(staff_language(request))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
