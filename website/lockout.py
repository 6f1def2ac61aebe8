"""The page a locked-out sign-in gets (django-axes' ``AXES_LOCKOUT_CALLABLE``): our own, in the
staff member's language, saying in how many minutes to try again, with status 429."""

from math import ceil

from axes.helpers import get_cool_off
from django.template.response import TemplateResponse


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = TemplateResponse(request, "website/locked_out.html", {"minutes": minutes}, status=429)
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response.render()
