"""Limits that keep robots and floods out without troubling people: a per-address rate limit
on sending (the request size is capped by ``forms_app.middleware``). Each refusal is a page
that says why."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse

from website.client import client_address


def _over_rate_limit(request):
    limit, window = settings.REPORT_RATE_LIMIT, settings.REPORT_RATE_WINDOW
    if not limit:
        return False
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]  # no raw IPs in the cache
    key = f"openreport:sent:{address}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def rate_limited(request, page):
    """The refusal page when this address has sent too many reports lately, else None.
    (Oversized requests are refused earlier, by ``forms_app.middleware``.)"""
    if not _over_rate_limit(request):
        return None
    context = page.get_context(request) | {"window_minutes": settings.REPORT_RATE_WINDOW // 60}
    return TemplateResponse(request, "forms_app/report_rate_limited.html", context, status=429)
