"""Staff sessions end (idle and absolute limits), the session key changes at sign-in, every
answer carries the security headers, and staff passwords have at least 12 characters."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.conftest import DEMO_PASSWORD
from tests.factories import UserFactory, demo_site
from website import security

pytestmark = pytest.mark.django_db
QUEUE = "/workflow/tasks/queue/"
PING = "/admin/editing-sessions/ping/wagtailcore/page/3/"


class Clock:
    def __init__(self, monkeypatch, start=1_800_000_000.0):
        self.moment = start
        monkeypatch.setattr(security, "now", lambda: self.moment)

    def advance(self, **delta):
        self.moment += delta.get("minutes", 0) * 60 + delta.get("hours", 0) * 3600


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def reviewer():
    return UserFactory(role="reviewer", agencies=[demo_site()])


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_defaults_are_30_minutes_idle_and_12_hours_in_all():
    assert settings.STAFF_SESSION_IDLE_MINUTES == 30
    assert settings.STAFF_SESSION_MAX_HOURS == 12
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_activity_keeps_the_session_and_30_idle_minutes_end_it(client, clock, reviewer):
    client.force_login(reviewer)
    clock.advance(minutes=29)
    assert client.get(QUEUE).status_code == 200
    clock.advance(minutes=29)  # 58 minutes after sign-in, 29 after the last request
    assert client.get(QUEUE).status_code == 200
    clock.advance(minutes=31)
    response = client.get(QUEUE, follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/?next=/workflow/tasks/queue/")
    assert "Your session has ended. Please sign in again." in response.content.decode()
    assert not signed_in(client)


def test_the_message_is_in_the_staff_members_language(client, clock, reviewer):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(reviewer)
    clock.advance(minutes=31)
    response = client.get(QUEUE, follow=True)
    assert "Votre session a pris fin. Veuillez vous reconnecter." in response.content.decode()


def test_twelve_hours_after_sign_in_the_session_ends_however_active(client, clock, reviewer):
    client.force_login(reviewer)
    for _ in range(12 * 4):
        clock.advance(minutes=15)
        assert client.get(QUEUE).status_code == 200
    clock.advance(minutes=1)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not signed_in(client)


def test_the_limits_come_from_the_settings(client, clock, reviewer, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    client.force_login(reviewer)
    clock.advance(minutes=6)
    assert client.get(QUEUE).status_code == 302
    assert not signed_in(client)


def test_the_editors_background_ping_is_not_activity(client, clock, reviewer):
    client.force_login(reviewer)
    for _ in range(5):
        clock.advance(minutes=5)
        client.post(PING)
    clock.advance(minutes=6)  # 31 minutes after the last real request
    assert client.get(QUEUE).status_code == 302
    assert not signed_in(client)


def test_a_stale_session_on_the_public_site_ends_without_a_detour(client, clock, reviewer):
    client.force_login(reviewer)
    clock.advance(minutes=31)
    assert client.get("/").status_code == 200
    assert not signed_in(client)


def test_signing_in_gives_a_new_session_key(client, reviewer):
    session = client.session
    session["before"] = "sign-in"
    session.save()
    before = session.session_key
    response = client.post("/admin/login/", {"username": reviewer.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert client.session["before"] == "sign-in"  # the same session, under a new key
    assert signed_in(client)


@pytest.mark.parametrize("path", ["/", QUEUE, "/admin/login/"])
def test_every_answer_has_the_security_headers(client, path):
    response = client.get(path)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Permissions-Policy"] == security.PERMISSIONS_POLICY
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()", "usb=()"):
        assert feature in response["Permissions-Policy"]


def test_only_the_details_step_and_the_status_page_may_use_the_camera(client, theft_page):
    from django.urls import reverse

    from forms_app.status import status_token
    from tests.factories import make_report
    from tests.forms_app.conftest import pass_screening

    assert "camera=()" in client.get(theft_page.url)["Permissions-Policy"]
    pass_screening(client, theft_page)
    details = client.get(theft_page.url + "details/")
    assert details.status_code == 200
    assert "camera=(self)" in details["Permissions-Policy"]
    assert "microphone=()" in details["Permissions-Policy"]
    status = client.get(reverse("report_status", args=[status_token(make_report())]))
    assert status.status_code == 200
    assert "camera=(self)" in status["Permissions-Policy"]


def test_an_eleven_character_password_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_password("zq8-Vw3#kLm")
    assert [e.code for e in refused.value.error_list] == ["password_too_short"]
    validate_password("zq8-Vw3#kLmP")
    validate_password(DEMO_PASSWORD)
