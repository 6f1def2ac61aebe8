"""Views of the public site that are not Wagtail pages: search, the agency's colours and the
error pages."""

import unicodedata
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, Site

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# Control, format, private-use and unassigned characters: nobody searches for them.
# PostgreSQL refuses NUL in text and SQLite's full-text search fails on it.
NOT_SEARCHED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def search_terms(text):
    """The words of a search as typed, fit for every search backend: no control characters, no
    double quotes (SQLite's full-text syntax, where an unbalanced one is an error), spaces
    collapsed, at most ``MAX_QUERY_LENGTH`` characters."""
    kept = (" " if c == '"' or unicodedata.category(c) in NOT_SEARCHED_CATEGORIES else c for c in text)
    return " ".join("".join(kept).split())[:MAX_QUERY_LENGTH].strip()


def search(request):
    query = search_terms(request.GET.get("query", ""))
    results = Page.objects.none()
    if query:
        site = Site.find_for_request(request)
        # Pages in the language being read, under this site's home page in that language.
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        if site is not None:
            pages = pages.descendant_of(site.root_page.localized, inclusive=True)
        results = pages.specific().search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": paginator.get_page(request.GET.get("page")),
            "pagination_query": urlencode({"query": query}) + "&",
        },
    )


# Error pages. Django's own error views check the CSRF token of a POST (so that a page can carry
# a form), which reads the body: a broken body sent to an address no URL matches then failed
# again inside the 404 page, a 500. These pages carry no form, so they never read the body.


@require_GET
def agency_stylesheet(request):
    """The agency's colour as the site's ``--brand`` (a stylesheet, so that the Content-Security-Policy
    needs no inline style). Pages link it with the colour in the address, so it is cached long."""
    from .models import AgencySettings

    colour = AgencySettings.for_request(request).brand_colour
    response = HttpResponse(f":root {{ --brand: {colour}; }}\n" if colour else "", content_type="text/css")
    patch_cache_control(response, public=True, max_age=86400)
    return response


def _error_page(request, template_name, status):
    return HttpResponse(loader.get_template(template_name).render(request=request), status=status)


def bad_request(request, exception=None):
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404)


def _over_address_search_limit(request):
    """Count one more address search from this client (a fixed window of the clock, a minute);
    True when it is over ``ADDRESS_SEARCH_RATE_LIMIT``."""
    import hashlib
    import time

    from django.conf import settings
    from django.core.cache import cache

    from .client import client_address

    limit = settings.ADDRESS_SEARCH_RATE_LIMIT
    if not limit:
        return False
    who = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]  # no raw address in the cache
    key = f"openreport:address-search:{int(time.time() // 60)}:{who}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count > limit


@require_GET
def address_search(request):
    """The addresses of this site's agency's register matching ``q`` (what the "Address"
    question's autocomplete offers): JSON ``{"results": [...]}``, at most 8, best first. A
    ``q`` longer than an address is refused (400), so is a client asking too fast (429), each
    with ``{"error": ...}``."""
    from django.utils.translation import gettext as _

    from .addresses import MAX_QUERY_LENGTH as MAX_ADDRESS_QUERY
    from .addresses import as_json
    from .addresses import search as search_addresses

    text = request.GET.get("q", "")
    if len(text) > MAX_ADDRESS_QUERY:
        return JsonResponse(
            {"error": _("Type at most %(max)d characters.") % {"max": MAX_ADDRESS_QUERY}, "results": []}, status=400
        )
    if _over_address_search_limit(request):
        response = JsonResponse(
            {"error": _("Too many searches: wait a minute and try again."), "results": []}, status=429
        )
        response["Retry-After"] = "60"
        return response
    site = Site.find_for_request(request)
    results = [as_json(address) for address in search_addresses(site, text)]
    response = JsonResponse({"results": results})
    # The same question gets the same answer for a while; nothing personal is in it.
    patch_cache_control(response, public=True, max_age=300)
    return response
