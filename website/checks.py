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
    """The per-address report limit (REPORT_RATE_LIMIT) is counted in the default cache: a cache
    kept per process multiplies it by the number of web processes (a dummy one removes it)."""
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
