"""Settings of the benchmark's stack: the project's settings with DEBUG off, PostgreSQL and Redis
from the environment the runner sets, the baseline app (a stock Wagtail form page and a bare
Django view) and a middleware that counts SQL queries per request. Never used outside ``bench``."""

from website.settings.base import *  # noqa: F403
from website.settings.base import INSTALLED_APPS, MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="bench-only-secret-key-not-for-any-deployment-0123456789")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [*INSTALLED_APPS, "bench.baseline"]
# First, so it counts every query of the request (sessions and users included).
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.urls"

# Load comes from one address and few sessions: the limits on sending are switched off here, through
# their settings (0: no limit), and nowhere else.
REPORT_RATE_LIMIT = 0
REPORT_SESSION_RATE_LIMIT = 0
ADDRESS_SEARCH_RATE_LIMIT = 0

# Background jobs go to Redis (the runner gives DB 13); email goes nowhere.
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/13")
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

# Static files straight from the apps' folders (no collectstatic for a benchmark).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
