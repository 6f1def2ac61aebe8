"""Limits that keep robots and floods out without troubling people: rate limits on sending (the
request size is capped by ``forms_app.middleware``). Each refusal is a page that says why.

Reports are counted twice in each window (``REPORT_RATE_WINDOW`` seconds, a fixed window of the
clock, so the page can say when it ends): per browser session (``REPORT_SESSION_RATE_LIMIT``),
which holds back one person or robot, and per address (``REPORT_RATE_LIMIT``), high enough for
the many people who share one (a library, a campus, a shelter) and low enough to stop a flood
from a robot that drops its session each time."""

import datetime
import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils import timezone

from website.client import client_address


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]  # no raw addresses or session keys in the cache


def _count(key, window):
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def _session_key(request):
    if request.session.session_key is None:
        request.session.save()
    return request.session.session_key


def window_end(now=None):
    """When the current window ends: the next multiple of ``REPORT_RATE_WINDOW`` seconds."""
    window = settings.REPORT_RATE_WINDOW
    now = time.time() if now is None else now
    return (math.floor(now / window) + 1) * window


def over_rate_limit(request, now=None, *, action="sent", recipient=None):
    """Count one more ``action`` from this session and this address ("sent": a report; "saved":
    a report saved to finish later, which emails a link); True when either is over its limit (a
    limit of 0 counts nothing). ``recipient``: the email address it goes to, counted too, with
    the session's limit, so that no one address is sent many links from many connections."""
    window = settings.REPORT_RATE_WINDOW
    now = time.time() if now is None else now
    bucket = math.floor(now / window)
    over = False
    limits = [
        (settings.REPORT_SESSION_RATE_LIMIT, "session", lambda: _session_key(request)),
        (settings.REPORT_RATE_LIMIT, "address", lambda: client_address(request)),
    ]
    if recipient is not None:
        limits.append((settings.REPORT_SESSION_RATE_LIMIT, "recipient", lambda: recipient.strip().lower()))
    for limit, kind, who in limits:
        if limit and _count(f"openreport:{action}:{kind}:{bucket}:{_digest(who())}", window) > limit:
            over = True
    return over


def rate_limited(request, page, *, action="sent", recipient=None):
    """The refusal page (429, with ``Retry-After``) when this session or address has sent too many
    reports (or saved too many to finish later: ``action="saved"``) lately, else None.
    (Oversized requests are refused earlier, by ``forms_app.middleware``.)"""
    now = time.time()
    if not over_rate_limit(request, now, action=action, recipient=recipient):
        return None
    end = window_end(now)
    retry_after = max(int(end - now), 1)
    context = page.get_context(request) | {
        "retry_at": timezone.localtime(datetime.datetime.fromtimestamp(end, tz=datetime.UTC)),
        "retry_minutes": math.ceil(retry_after / 60),
        "saving": action == "saved",
    }
    response = TemplateResponse(request, "forms_app/report_rate_limited.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response
