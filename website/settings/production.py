"""Production: DEBUG off, HTTPS only, hashed static files; refuses to start half-configured."""

import sys

from .base import *  # noqa: F403
from .base import STORAGES, env

# CACHE_URL: the per-address report limit is counted in the cache, and the default (local memory)
# is one cache per web process; `check --deploy` also refuses a per-process cache (website/checks.py).
_missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL") if not env(name, default="").strip()]
if _missing:
    # A clear sentence, not a traceback: this is what an operator sees first.
    sys.exit(
        "OpenReport refuses to start with production settings: the environment variable(s) "
        f"{', '.join(_missing)} must be set (SECRET_KEY: a long random string; ALLOWED_HOSTS: "
        "the site's host names, comma-separated; CACHE_URL: a cache all web processes share, "
        "e.g. rediscache://127.0.0.1:6379/1). See README.md, 'Production'."
    )

DEBUG = False
# Staff work in Wagtail's admin and /workflow/: Django's own admin is not mounted.
DJANGO_ADMIN_ENABLED = False

STORAGES = {
    **STORAGES,
    # WhiteNoise's hashed and compressed files, tolerant of a missing file referenced by a
    # package's CSS only (website/staticfiles.py).
    "staticfiles": {"BACKEND": "website.staticfiles.ProductionStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows the page in a same-origin frame of the editor, so frames are
# allowed from this origin only; Django's deploy check asks for DENY (W019), hence the silence.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
