"""Django's own admin (/django-admin/) is mounted only when DJANGO_ADMIN_ENABLED says so: on for
local development, off in production, where staff use Wagtail's admin and /workflow/ only."""

import importlib
import json

import pytest
from django.urls import clear_url_caches, resolve
from django.utils import translation
from wagtail.views import serve

from .test_settings import SHARED_CACHE, run

PRINT = "import django; django.setup(); from django.conf import settings as s; print(s.DJANGO_ADMIN_ENABLED)"


@pytest.fixture
def urls_with(settings):
    """website.urls as it is built with the setting on or off; the real one is put back after."""
    import website.urls

    original = getattr(settings, "DJANGO_ADMIN_ENABLED", False)

    def build(enabled):
        settings.DJANGO_ADMIN_ENABLED = enabled
        clear_url_caches()
        return importlib.reload(website.urls)

    yield build
    build(original)
    clear_url_caches()


def test_django_admin_is_not_mounted_when_the_setting_is_off(urls_with):
    urls = urls_with(False)
    # Only Wagtail's catch-all of English pages takes the address (and finds no page there).
    with translation.override("en"):
        assert resolve("/django-admin/", urlconf=urls).func is serve
        assert resolve("/django-admin/login/", urlconf=urls).func is serve
    assert resolve("/admin/", urlconf=urls).url_name == "wagtailadmin_home"


def test_django_admin_is_mounted_when_the_setting_is_on(urls_with):
    urls = urls_with(True)
    match = resolve("/django-admin/", urlconf=urls)
    assert (match.app_name, match.url_name) == ("admin", "index")


@pytest.mark.django_db
def test_in_production_the_address_is_an_ordinary_404(client, urls_with, settings):
    settings.ROOT_URLCONF = urls_with(False).__name__
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404


@pytest.mark.parametrize(
    "module, env, expected",
    [
        ("website.settings.production", {}, False),
        ("website.settings.dev", {}, True),
        ("website.settings.dev", {"DJANGO_ADMIN_ENABLED": "false"}, False),
    ],
)
def test_the_setting_is_off_in_production_and_on_for_development(module, env, expected):
    result = run(
        ["-c", PRINT], module, SECRET_KEY="x" * 60, ALLOWED_HOSTS="reports.example.org", CACHE_URL=SHARED_CACHE, **env
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1].lower()) is expected
