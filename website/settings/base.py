"""Settings shared by every environment.

Every value comes from the environment (django-environ). With nothing set the site runs
on a SQLite file, runs Celery tasks eagerly and prints email to the console, so one command
starts a demo; ``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``EMAIL_URL`` switch to PostgreSQL,
Redis and SMTP. ``dev``, ``test`` and ``production`` refine this module.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps first, so their templates and static files win.
    "website",
    "forms_app",
    "workflows",
    "rms_export",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's user screens, with agency access (website/users.py).
    "website.apps.UsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Viewflow: the base package, the workflow engine and the filters its lists use.
    "viewflow",
    "viewflow.workflow",
    "django_filters",
    "import_export",
    # Locks an account out after repeated failed sign-ins (website/lockout.py).
    "axes",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below, website/security.py).
    "csp",
    # The second factor of staff sign-ins: authenticator apps and recovery codes (website/mfa.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer, static files included: CONTENT_SECURITY_POLICY,
    # plus what the staff screens need (website/security.py).
    "website.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a POST body (sessions, CSRF): refuses oversized public requests.
    "forms_app.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the language is chosen: staff screens follow the staff member's own setting.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Says whether the session's second factor is verified (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # After authentication: answers a locked-out sign-in with our page (website/lockout.py).
    "axes.middleware.AxesMiddleware",
    # Public pages take their language from the address (/fr/...); staff screens from the
    # staff member's own choice (website.middleware).
    "website.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the language and messages: a staff session past its limits ends here, with a message.
    "website.security.StaffSessionMiddleware",
    # After the session's limits: a password alone opens no staff screen (website/mfa.py).
    "website.mfa.SecondFactorMiddleware",
    # Permissions-Policy everywhere; Cache-Control: no-store on /admin/ and /workflow/.
    "website.security.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Viewflow adds these two itself in AppConfig.ready() when they are missing; listing
    # them here keeps the order visible. Ours sends anonymous visitors of /workflow/ to the
    # login page; it must come before viewflow's, which would answer them with a bare 403.
    "workflows.middleware.WorkflowLoginRequiredMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
]

ROOT_URLCONF = "website.urls"
# Django's own admin at /django-admin/: for developers (on in dev settings), never in production.
DJANGO_ADMIN_ENABLED = env.bool("DJANGO_ADMIN_ENABLED", default=False)
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                # Viewflow's screens and the language switcher need the request.
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (psycopg2) with DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions: in the cache, backed by the database. A signed-in staff member's session ends after
# STAFF_SESSION_IDLE_MINUTES without activity or STAFF_SESSION_MAX_HOURS after sign-in
# (website.security.StaffSessionMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Headers (SecurityMiddleware). Frames: X_FRAME_OPTIONS in production.py (SAMEORIGIN, ADR 2).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): the public site and the citizen's steps load their own
# scripts, styles, images and fonts only, from this site and no other host, with no inline
# script or style. The staff screens add what Wagtail's admin and viewflow's frontend need, and
# only there (STAFF_CONTENT_SECURITY_POLICY in website/security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # Wagtail's preview shows a page in a frame of the editor, on this site (X_FRAME_OPTIONS).
        "frame-ancestors": ["'self'"],
    },
}
# Staff log in once, on Wagtail's login page, for both /admin/ and /workflow/.
# Axes' backend comes first: it refuses a locked-out account before its password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

# Internationalisation: English and French everywhere the public or staff read.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date and time formats first (French times as "19 h 51"), then Django's.
FORMAT_MODULE_PATH = ["website.formats"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="America/Toronto")
USE_TZ = True

# Static files ship in the repository and are served by WhiteNoise: no CDN, works offline.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Citizens' uploads live outside MEDIA_ROOT and have no public URL: staff download them through
# permission-checked views only.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console by default, SMTP (or any backend) with EMAIL_URL, e.g. smtp+tls://u:p@host:587
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OpenReport <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Seconds before a mail server that does not answer is given up on (the job is then retried): a
# job sending a citizen's email holds the report's row lock until then.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The email sweep re-queues emails to citizens never sent, once their own job had this many minutes,
# for this many hours after the report or the status change (then it gives up).
CITIZEN_EMAIL_SWEEP_AFTER_MINUTES = env.int("CITIZEN_EMAIL_SWEEP_AFTER_MINUTES", default=10)
CITIZEN_EMAIL_SWEEP_HOURS = env.int("CITIZEN_EMAIL_SWEEP_HOURS", default=48)

# Celery: Redis with CELERY_BROKER_URL; without it tasks run eagerly in the web process.
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "purge-stale-uploads": {"task": "forms_app.tasks.purge_stale_uploads_task", "schedule": 60 * 60},
    "purge-expired-saved-drafts": {"task": "forms_app.tasks.purge_expired_saved_drafts_task", "schedule": 60 * 60},
    "workflow-timers": {"task": "workflows.tasks.fire_workflow_timers", "schedule": 60},
    "rms-delivery-sweep": {"task": "rms_export.tasks.sweep_deliveries", "schedule": 60},
    "overdue-digest": {"task": "workflows.tasks.send_overdue_digest_task", "schedule": crontab(hour=7, minute=0)},
    # Emails to citizens a lost job never sent (website/jobs.py, CITIZEN_EMAIL_TASK_OPTIONS).
    "confirmation-email-sweep": {"task": "forms_app.tasks.sweep_confirmations", "schedule": 5 * 60},
    "status-email-sweep": {"task": "workflows.tasks.sweep_status_emails", "schedule": 5 * 60},
    "satisfaction-surveys": {"task": "workflows.tasks.send_due_surveys_task", "schedule": 15 * 60},
    "clear-expired-sessions": {"task": "website.tasks.clear_expired_sessions", "schedule": crontab(hour=3, minute=30)},
}

# Online reports
# Where "Leave this site quickly" takes someone reporting from an unsafe place: a neutral site.
QUICK_EXIT_URL = env("QUICK_EXIT_URL", default="https://www.google.ca/")
# How many reports one address may send in REPORT_RATE_WINDOW seconds (0: no limit): high, for
# the many people who share one address (a library, a campus, a shelter).
REPORT_RATE_LIMIT = env.int("REPORT_RATE_LIMIT", default=60)
# How many reports one browser session may send in the same window (0: no limit).
REPORT_SESSION_RATE_LIMIT = env.int("REPORT_SESSION_RATE_LIMIT", default=5)
REPORT_RATE_WINDOW = env.int("REPORT_RATE_WINDOW", default=60 * 60)
# How many address searches (website.views.address_search) one address may make a minute
# (0: no limit): an autocomplete asks once a keystroke, and a library shares one address.
ADDRESS_SEARCH_RATE_LIMIT = env.int("ADDRESS_SEARCH_RATE_LIMIT", default=300)
# The largest request a report form accepts (all its files together).
REPORT_MAX_REQUEST_BYTES = env.int("REPORT_MAX_REQUEST_BYTES", default=60 * 1024 * 1024)
# How long the link to a report's status page stays valid.
REPORT_STATUS_LINK_DAYS = env.int("REPORT_STATUS_LINK_DAYS", default=365)
# The satisfaction survey after a report closes (emailed after the delay in the agency's
# evaluation settings): its link works this long.
REPORT_SURVEY_LINK_DAYS = env.int("REPORT_SURVEY_LINK_DAYS", default=30)
# Days a citizen has to answer a request for more information before the report closes.
REPORT_INFO_REQUEST_DAYS = env.int("REPORT_INFO_REQUEST_DAYS", default=14)
# Files uploaded to a report that was never sent are deleted after this many hours.
STAGED_UPLOAD_HOURS = env.int("STAGED_UPLOAD_HOURS", default=48)
# How long a report saved to finish later (its emailed link, its answers and files) is kept.
REPORT_RESUME_DAYS = env.int("REPORT_RESUME_DAYS", default=7)
# RMS export: retries with exponential backoff (seconds), then the delivery is marked failed.
RMS_RETRY_BASE_SECONDS = env.int("RMS_RETRY_BASE_SECONDS", default=30)
RMS_RETRY_MAX_SECONDS = env.int("RMS_RETRY_MAX_SECONDS", default=3600)
RMS_MAX_ATTEMPTS = env.int("RMS_MAX_ATTEMPTS", default=12)
# A delivery still "sending" after this long is taken as lost (a killed worker) and sent again.
RMS_SENDING_TIMEOUT_SECONDS = env.int("RMS_SENDING_TIMEOUT_SECONDS", default=300)
# The largest incident document (with its files, base64) sent to an RMS, unless a destination
# sets its own "max_mb" option; a larger one is not sent and supervisors are told (ADR 0010).
RMS_MAX_PAYLOAD_MB = env.float("RMS_MAX_PAYLOAD_MB", default=50)
# Where seed_demo points the demo agency's RMS destination (`make run` starts the receiver).
RMS_DEMO_RECEIVER_URL = env("RMS_DEMO_RECEIVER_URL", default="http://127.0.0.1:8765/incidents")
# Behind how many reverse proxies the site runs (to find the visitor's address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# The second factor (website/mfa.py, ADR 0009). Wrong codes wait 1, 2, 4, 8... seconds times
# the factor before the next try for that device. The demo's own accounts may skip it only when
# MFA_EXEMPT_DEMO_USERS is on (never by default; check --deploy warns).
OTP_TOTP_THROTTLE_FACTOR = env.int("OTP_THROTTLE_FACTOR", default=1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
MFA_EXEMPT_DEMO_USERS = env.bool("MFA_EXEMPT_DEMO_USERS", default=False)

# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT failed sign-ins for one account from one
# address lock that account, from that address, for AXES_COOLOFF_MINUTES minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A successful sign-in starts the count again.
AXES_RESET_ON_SUCCESS = True
# The address the way the rest of the site takes it (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "website.client.client_address"
# Our own page (English/French, says when to try again), status 429.
AXES_LOCKOUT_CALLABLE = "website.lockout.lockout_response"
# Sign-ins are recorded in website.AuditEvent (website/signals.py): axes keeps only its counts.
AXES_DISABLE_ACCESS_LOG = True

# Wagtail
# Pages exist in English and French: staff make the French copy of a page with Wagtail's
# "Translate" action (simple_translation), and the French tree is served under /fr/.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "website.forms.StaffLoginForm"
# Staff reset a forgotten password by email; the page never says whether an account has the
# address (the lookup and the email are a background job), and each step is in the audit
# (website/password_reset.py).
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "website.password_reset.StaffPasswordResetForm"  # noqa: S105
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="OpenReport")
# The account's name in staff members' authenticator apps.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# A police site calls no outside host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_FINDERS = []
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Wagtail logs every page action and every background task at INFO; the audit trail
        # is in the database already, so the console keeps warnings only.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # fpdf2 subsets the PDF font and logs every glyph
        "axes": {"level": "WARNING"},  # axes logs every sign-in at INFO
    },
}
