"""Shared fixtures: the demo content is built once per test database, then each test runs
inside a transaction that is rolled back, so every test starts from the same demo site."""

import io

import pytest
from django.core.management import call_command

DEMO_PASSWORD = "demo-Passw0rd-for-tests"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def home(db):
    from website.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def news_index(home):
    from website.models import NewsIndexPage

    return NewsIndexPage.objects.child_of(home).get()


@pytest.fixture
def agency(home):
    from wagtail.models import Site

    from website.models import AgencySettings

    return AgencySettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache holds rate-limit counters: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
