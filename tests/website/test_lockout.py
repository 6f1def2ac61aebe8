"""Sign-in lockout (django-axes): AXES_FAILURE_LIMIT failed sign-ins for one account from one
address lock that account from that address for the cool-off, through Wagtail's login page."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from tests.conftest import DEMO_PASSWORD
from tests.factories import UserFactory, demo_site

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture
def reviewer():
    return UserFactory(role="reviewer", agencies=[demo_site()], username="locked_reviewer")


def sign_in(client, username, password, address="203.0.113.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in(client):
    return "_auth_user_id" in client.session


def fail_until_locked(client, username, address="203.0.113.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, username, "wrong-password", address)
        if response.status_code == 429:
            return response
        assert response.status_code == 200  # the form again, with its error
    return response


def test_settings_are_the_ones_asked_for():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0].startswith("axes.backends.")
    middleware = settings.MIDDLEWARE
    assert middleware.index("axes.middleware.AxesMiddleware") > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


def test_the_right_password_still_works_before_the_limit(client, reviewer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, reviewer.username, "wrong-password")
    response = sign_in(client, reviewer.username, DEMO_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_after_five_failures_the_right_password_is_refused_with_the_locked_page(client, reviewer):
    fail_until_locked(client, reviewer.username)
    response = sign_in(client, reviewer.username, DEMO_PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "<h1>Sign-in locked</h1>" in html
    assert "Try again in 30 minutes." in html
    assert '<html lang="en">' in html
    assert response["Retry-After"] == "1800"


def test_the_locked_page_is_in_french(client, reviewer):
    fail_until_locked(client, reviewer.username)
    response = sign_in(client, reviewer.username, DEMO_PASSWORD, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Réessayez dans 30 minutes." in html


def test_another_account_from_the_same_address_still_signs_in(client, reviewer):
    fail_until_locked(client, reviewer.username)
    colleague = UserFactory(role="reviewer", agencies=[demo_site()])
    response = sign_in(client, colleague.username, DEMO_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_same_account_from_another_address_still_signs_in(client, reviewer):
    fail_until_locked(client, reviewer.username)
    response = sign_in(client, reviewer.username, DEMO_PASSWORD, address="198.51.100.20")
    assert response.status_code == 302


def test_after_the_cool_off_it_signs_in(client, reviewer):
    fail_until_locked(client, reviewer.username)
    assert sign_in(client, reviewer.username, DEMO_PASSWORD).status_code == 429
    # Thirty-one minutes pass.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = sign_in(client, reviewer.username, DEMO_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_address_is_the_one_behind_the_trusted_proxy(client, reviewer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # One proxy: the visitor is the last address it added, whatever the visitor forged before it.
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, reviewer.username, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.44")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.44"}
    locked = sign_in(client, reviewer.username, DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.44")
    assert locked.status_code == 429
    other = sign_in(client, reviewer.username, DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.45")
    assert other.status_code == 302


def test_the_limit_and_the_cool_off_come_from_the_environment():
    from tests.website.test_settings import run

    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()))"
    )
    result = run(["-c", show], "website.settings.dev", AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["3", "600"]
