"""Settings come from the environment; production refuses to start half-configured."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SWITCHES = ("DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "CACHE_URL")
# Set by the browser tests for their own process; a deployment never has it.
TEST_ONLY = ("DJANGO_ALLOW_ASYNC_UNSAFE",)
# A cache every web process shares, as production requires (nothing connects to it in these tests).
SHARED_CACHE = "rediscache://127.0.0.1:6379/12"


def run(args, settings_module, **env):
    base = {k: v for k, v in os.environ.items() if k not in (*SWITCHES, *TEST_ONLY, "DJANGO_SETTINGS_MODULE")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'db': str(s.DATABASES['default']['NAME']),"
    " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND,"
    " 'debug': s.DEBUG}))"
)


def test_nothing_set_gives_sqlite_eager_celery_and_console_email():
    result = run(["-c", PRINT_SETTINGS], "website.settings.dev")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db"].endswith("db.sqlite3")
    assert values["eager"] is True
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["debug"] is True


def test_environment_switches_to_postgresql_redis_and_smtp():
    result = run(
        ["-c", PRINT_SETTINGS],
        "website.settings.dev",
        DATABASE_URL="postgres://reports:secret@db.internal:5432/openreport",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.internal:587",
        DEBUG="false",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db"] == "openreport"
    assert values["eager"] is False
    assert values["broker"] == "redis://cache.internal:6379/0"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["debug"] is False


@pytest.mark.parametrize(
    "env, missing",
    [
        ({}, "SECRET_KEY, ALLOWED_HOSTS, CACHE_URL"),
        ({"ALLOWED_HOSTS": "reports.example.org", "CACHE_URL": SHARED_CACHE}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60, "CACHE_URL": SHARED_CACHE}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_key_and_hosts(env, missing):
    result = run(["manage.py", "check"], "website.settings.production", **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"OpenReport refuses to start with production settings: the environment variable(s) {missing} " in (
        result.stderr
    )


def test_production_passes_the_deploy_check():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="reports.example.org",
        CACHE_URL=SHARED_CACHE,
        **({"DATABASE_URL": os.environ["DATABASE_URL"]} if "DATABASE_URL" in os.environ else {}),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_session_cookies_are_secure_httponly_and_lax():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SESSION_ENGINE, s.X_FRAME_OPTIONS]))"
    )
    result = run(
        ["-c", script],
        "website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="reports.example.org",
        CACHE_URL=SHARED_CACHE,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        True,
        True,
        "Lax",
        "django.contrib.sessions.backends.cached_db",
        "SAMEORIGIN",  # Wagtail's preview shows the page in a same-origin frame (ADR 2)
    ]


def test_the_site_calls_no_outside_host():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAILEMBEDS_FINDERS == []


def test_viewflow_requirements_are_in_place():
    for app in ("viewflow", "viewflow.workflow", "django_filters"):
        assert app in settings.INSTALLED_APPS
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    assert "django.template.context_processors.request" in processors
    # Our login redirect must run before viewflow's permission check.
    middleware = list(settings.MIDDLEWARE)
    assert middleware.index("workflows.middleware.WorkflowLoginRequiredMiddleware") < middleware.index(
        "viewflow.middleware.SiteMiddleware"
    )
