"""System checks of the project's own (``manage.py check --deploy`` in production)."""

from django.conf import settings
from django.core import checks

# Caches each process keeps for itself, or none at all.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """The report limits (REPORT_RATE_LIMIT, REPORT_SESSION_RATE_LIMIT) are counted in the default
    cache: a cache kept per process multiplies them by the number of web processes (a dummy one
    removes them)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Error(
            f"The default cache ({backend}) is kept by each process (or not kept at all): REPORT_RATE_LIMIT, "
            "counted in it, would be multiplied by the number of web processes.",
            hint="Set CACHE_URL to a cache every web process shares, e.g. rediscache://127.0.0.1:6379/1.",
            id="website.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_second_factor_required(app_configs, **kwargs):
    """MFA_EXEMPT_DEMO_USERS lets the demo's accounts in with a password alone: a laptop demo
    only."""
    if not settings.MFA_EXEMPT_DEMO_USERS:
        return []
    return [
        checks.Warning(
            "MFA_EXEMPT_DEMO_USERS is on: the demo accounts (comms, reviewer, supervisor, admin) sign in "
            "to the staff screens with a password alone.",
            hint="Unset MFA_EXEMPT_DEMO_USERS; it is for a demo on one's own computer.",
            id="website.W001",
        )
    ]
