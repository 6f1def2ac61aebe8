"""``manage.py seed_demo`` builds the demo agency, and running it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.http import HttpRequest
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Locale, Page, Site

from tests.conftest import DEMO_PASSWORD
from tests.factories import demo_home
from website.models import AgencySettings, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def counts():
    User = get_user_model()
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "news": NewsPage.objects.count(),
        "standard pages": StandardPage.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "images": get_image_model().objects.count(),
        "sites": Site.objects.count(),
        "agency settings": AgencySettings.objects.count(),
    }


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_content_is_complete():
    home = demo_home()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == home
    assert NewsPage.objects.live().filter(locale=home.locale).count() == 3
    assert NewsPage.objects.filter(title__icontains="report minor incidents online").exists()
    assert set(StandardPage.objects.filter(locale=home.locale).values_list("slug", flat=True)) == {
        "faq",
        "what-can-i-report-online",
        "privacy",
        "accessibility",
    }
    # Every English page has its live French copy, made with Wagtail's "Translate".
    french = home.get_translation(Locale.objects.get(language_code="fr"))
    assert french.title == "Service de police régional de démonstration"
    for page in home.get_descendants(inclusive=True).specific():
        copy = page.get_translation(french.locale)
        assert copy.live, page
        assert copy.title != page.title or page.slug == "faq", page  # "FAQ" is French too
    assert french.get_descendants().count() == home.get_descendants().count()
    agency = AgencySettings.for_site(site)
    assert agency.agency_name == "Demo Regional Police Service"
    assert agency.agency_name_fr == "Service de police régional de démonstration"
    assert agency.privacy_page.slug == "privacy"
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_seed_demo_twice_gives_the_same_counts():
    before = counts()
    output = seed()
    assert counts() == before
    assert "passwords are unchanged" in output


def test_demo_staff_are_in_the_groups_their_names_say(client):
    User = get_user_model()
    for username, group in [("comms", "Communications"), ("reviewer", "Reviewers"), ("supervisor", "Supervisors")]:
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.has_perm("wagtailadmin.access_admin")
        assert not user.is_superuser
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    # Axes' backend needs the request a sign-in comes with.
    assert client.login(request=HttpRequest(), username="comms", password=DEMO_PASSWORD)


def test_generated_password_is_printed_once(client, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    get_user_model().objects.filter(username__in=["comms", "reviewer", "supervisor", "admin"]).delete()
    output = seed()
    line = next(line for line in output.splitlines() if "shown once" in line)
    password = line.rsplit(" ", 1)[-1]
    assert len(password) >= 12
    assert client.login(request=HttpRequest(), username="reviewer", password=password)
    assert password not in seed()
