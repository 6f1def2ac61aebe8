"""The per-address report limit is counted in the cache: with a cache each web process keeps for
itself (local memory) or none (dummy), every gunicorn worker counts on its own, so production
refuses to start without CACHE_URL and the deploy check fails on a per-process cache."""

import secrets

import pytest
from django.core import checks

from website.checks import check_shared_cache

from .test_settings import SHARED_CACHE, run

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/12"}}


@pytest.mark.parametrize("caches", [LOCMEM, DUMMY], ids=["locmem", "dummy"])
def test_a_per_process_cache_is_an_error(settings, caches):
    settings.CACHES = caches
    (error,) = check_shared_cache(None)
    assert error.id == "website.E001"
    assert error.level == checks.ERROR
    assert "REPORT_RATE_LIMIT" in error.msg
    assert "CACHE_URL" in error.hint


def test_a_shared_cache_passes(settings):
    settings.CACHES = REDIS
    assert check_shared_cache(None) == []


def test_the_check_is_a_deploy_check(settings):
    settings.CACHES = LOCMEM
    assert "website.E001" in [m.id for m in checks.run_checks(include_deployment_checks=True)]
    # Not in the everyday checks: the demo and the tests run on local memory on purpose.
    assert "website.E001" not in [m.id for m in checks.run_checks()]


def production(*args, **env):
    return run(
        ["manage.py", *args],
        "website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="reports.example.org",
        **env,
    )


def test_production_refuses_to_start_without_a_cache_url():
    result = production("check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the environment variable(s) CACHE_URL must be set" in result.stderr


def test_production_deploy_check_fails_on_a_local_memory_cache():
    result = production("check", "--deploy", CACHE_URL="locmemcache://")
    assert result.returncode == 1
    assert "website.E001" in result.stderr


def test_production_deploy_check_passes_with_redis():
    result = production("check", "--deploy", "--fail-level", "WARNING", CACHE_URL=SHARED_CACHE)
    assert result.returncode == 0, result.stdout + result.stderr
