"""Shared fixtures: the demo content is built once per test database, then each test runs
inside a transaction that is rolled back, so every test starts from the same demo site."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

DEMO_PASSWORD = "demo-Passw0rd-for-tests"

_force_login = Client.force_login


def force_login(self, user, backend=None, *, otp=True):
    """Django's ``Client.force_login``, and the second factor verified too, as staff are after
    signing in (website/mfa.py). ``otp=False``: the password step only."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.factories import authenticator

    _force_login(self, user, backend)
    if otp:
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
        session.save()


Client.force_login = force_login


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        call_command("seed_demo", stdout=io.StringIO())


def seed_committed_demo():
    """For transactional tests (live server, threads): the flush after such a test empties
    every table, including what Wagtail's migrations created. Put that back, then the demo
    content (seed_demo is idempotent, so this also works on the session's seeded database)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    locale, _created = Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root", slug="root", locale=locale, content_type=ContentType.objects.get_for_model(Page)
            )
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def home(db):
    from website.models import HomePage

    return HomePage.objects.get(locale__language_code="en", sites_rooted_here__is_default_site=True)


@pytest.fixture
def theft_page(home):
    """The demo "Report a theft under $5,000" form."""
    from forms_app.models import ReportFormPage
    from tests.factories import as_served

    return as_served(ReportFormPage.objects.child_of(home).get(slug="report-theft"))


@pytest.fixture
def french_theft_page(theft_page):
    """Its French copy, made by seed_demo with Wagtail's "Translate"."""
    from wagtail.models import Locale

    from tests.factories import as_served

    return as_served(theft_page.get_translation(Locale.objects.get(language_code="fr")))


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


@pytest.fixture(autouse=True)
def _default_language():
    """A request in French leaves French active in the test's thread (Django's LocaleMiddleware
    activates a language and never deactivates it): each test starts in the default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
