"""Who is asking: the client's address, behind the proxies the deployment says it trusts."""

from django.conf import settings


def client_address(request):
    """The visitor's address; behind ``TRUSTED_PROXY_COUNT`` proxies, taken from X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
