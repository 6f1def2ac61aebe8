"""Refuse an oversized public POST before anything reads its body.

Django's CSRF check reads the body of every POST before a view runs, writing uploaded files to
temporary files; checking the size in the view would come too late. The staff admin has its
own limits and is left alone."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

EXEMPT_PREFIXES = ("/admin/", "/django-admin/")


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.path.startswith(EXEMPT_PREFIXES):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.REPORT_MAX_REQUEST_BYTES
            if length > limit:
                back = request.META.get("HTTP_REFERER", "")
                if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                    back = "/"
                context = {"limit_mb": limit // (1024 * 1024), "back_url": back}
                response = TemplateResponse(request, "forms_app/request_too_large.html", context, status=413)
                response["Connection"] = "close"  # do not read the rest of what was sent
                return response.render()
        return self.get_response(request)
