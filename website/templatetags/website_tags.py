import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site is not None else None


def _page_translations(page):
    return {p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")}


def _per_request(request):
    """What the site template works out once per request (base.html asks several times)."""
    cache = getattr(request, "_openreport_i18n", None)
    if cache is None:
        cache = request._openreport_i18n = {}
    return cache


def _homes(request):
    """The site's home page in each language it is live in: ``{"en": page, "fr": page}``."""
    cache = _per_request(request)
    if "homes" not in cache:
        root = _site_root(request)
        cache["root"] = root
        cache["homes"] = _page_translations(root) if root is not None else {}
    return cache["homes"]


@register.simple_tag(takes_context=True)
def home_page(context):
    """The current site's home page in the language of the page being read."""
    request = context.get("request")
    if request is None:
        return None
    return _homes(request).get(translation.get_language()) or _per_request(request)["root"]


# The home page's list of report forms: where "Report online" leads when no page is chosen.
REPORT_ONLINE_ANCHOR = "report-online"


def _chosen_report_online_page(request):
    """The agency's chosen "Report online" page in the language being read, live, or None."""
    cache = _per_request(request)
    if "report_online" not in cache:
        from ..models import AgencySettings

        # Wagtail keeps the request's settings: the page's header and footer read the same row.
        chosen = AgencySettings.for_request(request).report_online_page if _site_root(request) else None
        home = _homes(request).get(translation.get_language()) if chosen is not None else None
        if home is not None and chosen.locale_id == home.locale_id:
            translated = chosen  # no query: the usual case, a page in the site's first language
        elif home is not None:
            translated = Page.objects.filter(translation_key=chosen.translation_key, locale_id=home.locale_id).first()
        else:
            translated = in_current_language(chosen)
        cache["report_online"] = translated if translated is not None and translated.live else None
    return cache["report_online"]


@register.simple_tag(takes_context=True)
def report_online_link(context):
    """Where "Report online" (the site menu, the home page) leads: ``{"url", "page"}``, the page
    the agency chose (AgencySettings), else the list of report forms on the home page; None
    without a site."""
    request = context.get("request")
    if request is None:
        return None
    chosen = _chosen_report_online_page(request)
    if chosen is not None:
        return {"url": chosen.get_url(request), "page": chosen}
    home = home_page(context)
    if home is None:
        return None
    return {"url": f"{home.get_url(request)}#{REPORT_ONLINE_ANCHOR}", "page": None}


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The live pages marked 'show in menus' directly under the home page, in this language,
    less the page "Report online" already leads to."""
    home = home_page(context)
    if home is None:
        return []
    pages = home.get_children().live().public().in_menu()
    chosen = _chosen_report_online_page(context["request"])
    return pages.exclude(pk=chosen.pk) if chosen is not None else pages


@register.simple_tag
def in_current_language(page):
    """``page``'s live translation in the language being used, else ``page`` itself: Wagtail's
    ``page.localized`` in one query instead of two (it looks the active Locale up first), on
    every public page's footer."""
    if page is None:
        return None
    translated = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=translation.get_language())
        .first()
    )
    return translated or page


@register.simple_tag(takes_context=True)
def language_links(context):
    """For each language: where this page is in it.

    A Wagtail page links to its own translation (keeping the step of a report form the citizen
    is on); without one, to that language's home page. Other public pages (search, the status
    page) keep their address with the other language prefix.
    """
    request = context.get("request")
    if request is None:
        return []
    cache = _per_request(request)
    if "links" not in cache:
        cache["links"] = _language_links(request, context.get("page"))
    return cache["links"]


def _language_links(request, page):
    current = translation.get_language()
    translations = {}
    subpath = ""
    if isinstance(page, Page) and page.pk:
        translations = _page_translations(page)
        page_url = page.get_url(request)
        if page_url and request.path.startswith(page_url):
            subpath = request.path[len(page_url) :]
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request) + subpath
        elif page is None and request.resolver_match and request.resolver_match.url_name != "wagtail_serve":
            url = translate_url(request.get_full_path(), code)
        elif code in _homes(request):
            url = _homes(request)[code].get_url(request)
        else:
            continue
        info = translation.get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": url, "current": code == current})
    return links


@register.filter
def tel_href(number):
    """'905-555-0100 ext. 42' -> 'tel:+9055550100': a link a phone can dial."""
    main = re.split(r"\s*(?:x|ext\.?)\s*\d", str(number or ""), maxsplit=1)[0]
    digits = re.sub(r"[^0-9+]", "", main)
    return f"tel:{digits}" if digits else ""
