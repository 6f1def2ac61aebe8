"""Views of the public site that are not Wagtail pages: search and the error pages."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page, Site

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
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
