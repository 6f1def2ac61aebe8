"""Local development and the ``make run`` demo: DEBUG on, loopback only."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed key is acceptable only here: dev settings are never used by production (wsgi.py
# and the README point production at website.settings.production, which refuses to start
# without SECRET_KEY).
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
# .localhost: the second demo agency (lakeshore.localhost), and any made with create_agency.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", ".localhost", "[::1]"])
DJANGO_ADMIN_ENABLED = env.bool("DJANGO_ADMIN_ENABLED", default=True)

# Static files straight from the apps' folders: no collectstatic needed outside production.
STATIC_ROOT = env("STATIC_ROOT", default=None)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
