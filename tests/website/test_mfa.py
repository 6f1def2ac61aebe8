"""The second factor of staff sign-ins (website/mfa.py, ADR 0009): a password alone opens no staff
screen, whichever view signed the session in; staff set up an authenticator app on their first
sign-in, get recovery codes once, prove a code at each sign-in (wrong codes throttled), and a
superuser resets a lost one. Every step is in the audit."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import DEMO_PASSWORD
from tests.factories import UserFactory, authenticator, demo_site, totp_code
from tests.test_url_access import STAFF_ROUTES
from website import checks, mfa
from website.models import AuditEvent

pytestmark = pytest.mark.django_db
QUEUE = "/workflow/tasks/queue/"
VERIFY = "/admin/mfa/verify/"
ENROL = "/admin/mfa/set-up/"
CODES = "/admin/mfa/recovery-codes/"
ARG = re.compile(r"<(?:\w+:)?\w+>")


@pytest.fixture
def reviewer():
    return UserFactory(role="reviewer", agencies=[demo_site()])


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True, username="chief")


def goes_to(response, path, next_page):
    """``response`` redirects to ``path`` with ``?next=next_page``."""
    location = urlsplit(response["Location"])
    return response.status_code == 302 and (location.path, parse_qs(location.query)["next"]) == (path, [next_page])


def actions(user):
    return list(AuditEvent.objects.filter(user=user).order_by("pk").values_list("action", flat=True))


def sign_in_with_password(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return response


def test_a_password_alone_is_sent_to_the_second_factor_from_every_staff_url(client, reviewer):
    authenticator(reviewer)
    sign_in_with_password(client, reviewer)  # Wagtail's own sign-in page, the password step
    assert "_auth_user_id" in client.session
    open_paths = mfa.open_paths()
    refused = 0
    for route in STAFF_ROUTES:
        url = "/" + ARG.sub("1", route)
        if url in open_paths:
            continue
        for method in (client.get, client.post):
            response = method(url)
            location = response.get("Location", "")
            assert response.status_code == 302 and location.startswith(f"{VERIFY}?next="), (method, url)
            refused += 1
    assert refused > 600
    # Wagtail's sign-in page too: signing in again is no way around it.
    response = client.get("/admin/login/")
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_someone_with_no_second_factor_yet_is_sent_to_set_one_up(client, reviewer):
    client.force_login(reviewer, otp=False)
    for url in (QUEUE, "/admin/", "/admin/login/", "/workflow/attachments/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{ENROL}?next=")


def test_on_the_public_site_a_password_alone_is_not_signed_in(client, reviewer):
    client.force_login(reviewer, otp=False)
    assert not client.get("/").wsgi_request.user.is_authenticated
    client.force_login(reviewer)
    assert client.get("/").wsgi_request.user.is_authenticated


def test_the_second_factor_pages_need_the_password_step_first(client):
    for url in (VERIFY, ENROL, CODES):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")


def test_setting_up_an_authenticator_app_then_recovery_codes_shown_once(client, reviewer):
    sign_in_with_password(client, reviewer)
    response = client.get(QUEUE)
    assert goes_to(response, ENROL, QUEUE)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "<svg" in body and 'aria-label="QR code to scan with your authenticator app"' in body
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    secret = re.search(r'class="mfa-secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    assert len(secret) == 32
    # The same secret on a reload: the app the staff member already scanned stays right.
    assert secret in client.get(ENROL).content.decode().replace(" ", "")
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1

    wrong = client.post(ENROL, {"code": "000000" if totp_code(device) != "000000" else "111111", "next": QUEUE})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(seconds=5)  # past the 1-second wait
    device.save()

    before = client.session.session_key
    done = client.post(ENROL, {"code": totp_code(device), "next": QUEUE})
    assert goes_to(done, CODES, QUEUE)
    assert client.session.session_key != before
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True))
    assert f'href="{QUEUE}"' in codes_page
    again = client.get(CODES).content.decode()
    assert not re.findall(r"<li><code>", again)
    assert client.get(QUEUE).status_code == 200
    assert actions(reviewer) == ["sign_in", "mfa_failed", "mfa_enrolled"]


def test_a_password_alone_cannot_replace_a_second_factor(client, reviewer):
    authenticator(reviewer)
    client.force_login(reviewer, otp=False)
    response = client.get(ENROL)
    assert response["Location"].startswith(f"{VERIFY}?next=")
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1


def test_signing_in_with_a_code_from_the_app(client, reviewer):
    device = authenticator(reviewer)
    sign_in_with_password(client, reviewer)
    response = client.get(QUEUE)
    assert goes_to(response, VERIFY, QUEUE)
    page = client.get(response["Location"]).content.decode()
    assert 'autocomplete="one-time-code"' in page
    before = client.session.session_key
    response = client.post(VERIFY, {"code": totp_code(device), "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert client.session.session_key != before
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(QUEUE).status_code == 200
    assert actions(reviewer) == ["sign_in", "mfa_verified"]
    event = AuditEvent.objects.get(user=reviewer, action="mfa_verified")
    assert event.address == "127.0.0.1"


def test_a_code_works_once(client, reviewer, django_user_model):
    device = authenticator(reviewer)
    code = totp_code(device)
    client.force_login(reviewer, otp=False)
    assert client.post(VERIFY, {"code": code})["Location"] == reverse("wagtailadmin_home")
    client.logout()
    client.force_login(reviewer, otp=False)
    device.refresh_from_db()
    device.throttle_reset()
    replay = client.post(VERIFY, {"code": code})
    assert replay.status_code == 200
    assert "That code is not right" in replay.content.decode()


def test_wrong_codes_are_throttled_and_recorded(client, reviewer):
    device = authenticator(reviewer)
    client.force_login(reviewer, otp=False)
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    first = client.post(VERIFY, {"code": wrong})
    assert "That code is not right. Try again." in first.content.decode()
    # At once after a wrong code, even the right one waits: a guesser gets one try a second,
    # then one every 2, 4, 8... seconds.
    throttled = client.post(VERIFY, {"code": totp_code(device)})
    assert throttled.status_code == 200
    assert "Too many wrong codes. Wait 1 second, then try again." in throttled.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttling_failure_timestamp -= timedelta(seconds=2)
    device.save()
    second = client.post(VERIFY, {"code": wrong})
    assert "Wait 2 seconds" in second.content.decode()
    assert actions(reviewer) == ["sign_in", "mfa_failed", "mfa_failed"]
    assert client.get(QUEUE).status_code == 302


def test_a_recovery_code_signs_in_once(client, reviewer):
    from website.mfa_views import issue_recovery_codes

    authenticator(reviewer)
    codes = issue_recovery_codes(reviewer)
    client.force_login(reviewer, otp=False)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": QUEUE}, follow=True)
    assert response.redirect_chain[0] == (QUEUE, 302)
    assert "9 codes are left" in response.content.decode()
    assert actions(reviewer) == ["sign_in", "mfa_recovery"]
    client.logout()
    client.force_login(reviewer, otp=False)
    StaticDevice.objects.filter(user=reviewer).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=reviewer).count() == 9


def test_next_is_only_one_of_our_own_pages(client, reviewer):
    device = authenticator(reviewer)
    client.force_login(reviewer, otp=False)
    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_home")


def test_the_pages_are_in_french_for_a_french_speaking_staff_member(client, reviewer):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "fr"
    profile.save()
    authenticator(reviewer)
    client.force_login(reviewer, otp=False)
    page = client.get(VERIFY).content.decode()
    assert "Vérification en deux étapes" in page


def test_a_superuser_resets_a_lost_second_factor(client, reviewer, superuser):
    from website.mfa_views import issue_recovery_codes

    authenticator(reviewer)
    issue_recovery_codes(reviewer)
    staff_member = client.__class__()
    staff_member.force_login(reviewer)
    assert staff_member.get(QUEUE).status_code == 200

    client.force_login(superuser)
    url = reverse("mfa_reset", args=[reviewer.pk])
    listing = client.get("/admin/users/").content.decode()
    assert url in listing and "Reset second factor" in listing
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Yes, reset the second factor" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=reviewer).exists()  # a GET changes nothing
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/users/"
    assert "is reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert not StaticDevice.objects.filter(user=reviewer).exists()
    event = AuditEvent.objects.get(action="mfa_reset")
    assert event.user == superuser and event.target_id == reviewer.pk
    assert event.detail == f"account: {reviewer.username}"
    # Their open session is no longer verified: they set up a new app before going on.
    response = staff_member.get(QUEUE)
    assert response["Location"].startswith(f"{ENROL}?next=")


def test_only_a_superuser_resets_a_second_factor(client, reviewer):
    supervisor = UserFactory(role="supervisor", agencies=[demo_site()])
    authenticator(reviewer)
    url = reverse("mfa_reset", args=[reviewer.pk])
    client.force_login(supervisor)
    # Wagtail answers a refusal in its admin with its home page and a message.
    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert response.redirect_chain == [("/admin/", 302)]
        assert "Sorry, you do not have permission to access this area." in response.content.decode()
    assert "Reset second factor" not in client.get("/admin/users/").content.decode()
    assert TOTPDevice.objects.filter(user=reviewer).exists()
    assert not AuditEvent.objects.filter(action="mfa_reset").exists()


def test_the_demo_accounts_may_be_exempt_for_a_demo_only(client, settings, reviewer):
    demo_reviewer = get_user_model().objects.get(username="reviewer")
    assert settings.MFA_EXEMPT_DEMO_USERS is False  # the default, everywhere
    assert checks.check_second_factor_required(None) == []
    client.force_login(demo_reviewer, otp=False)
    assert client.get(QUEUE).status_code == 302

    settings.MFA_EXEMPT_DEMO_USERS = True
    assert client.get(QUEUE).status_code == 200
    client.force_login(reviewer, otp=False)  # not a demo account
    assert client.get(QUEUE).status_code == 302
    warning = checks.check_second_factor_required(None)
    assert [w.id for w in warning] == ["website.W001"]


def test_the_exempt_accounts_are_the_demos():
    from website.management.commands.seed_demo import SECOND_STAFF_PREFIX, STAFF

    first = {username for username, *_ in STAFF}
    assert first | {SECOND_STAFF_PREFIX + name for name in first} | {"admin"} == mfa.DEMO_USERNAMES


def test_the_second_factor_settings():
    assert settings.OTP_TOTP_THROTTLE_FACTOR == 1
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA
    middleware = settings.MIDDLEWARE
    assert middleware.index("django_otp.middleware.OTPMiddleware") > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
    assert (
        middleware.index("website.security.StaffSessionMiddleware")
        < middleware.index("website.mfa.SecondFactorMiddleware")
        < middleware.index("workflows.middleware.WorkflowLoginRequiredMiddleware")
    )


def test_a_staff_member_makes_new_recovery_codes_from_their_account(client, reviewer):
    from website.mfa_views import issue_recovery_codes

    old = issue_recovery_codes(reviewer)
    client.force_login(reviewer)
    account = client.get("/admin/account/").content.decode()
    assert "/admin/mfa/recovery-codes/new/" in account
    page = client.get("/admin/mfa/recovery-codes/new/").content.decode()
    assert "You have 10 unused recovery codes." in page
    response = client.post("/admin/mfa/recovery-codes/new/")
    assert goes_to(response, CODES, "/admin/account/")
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(response["Location"]).content.decode())
    stored = set(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True))
    assert len(shown) == 10 and set(shown) == stored and not stored & set(old)
    assert actions(reviewer)[-1] == "mfa_new_codes"


def test_new_recovery_codes_need_a_verified_session(client, reviewer):
    from website.mfa_views import issue_recovery_codes

    authenticator(reviewer)
    old = set(issue_recovery_codes(reviewer))
    client.force_login(reviewer, otp=False)
    response = client.post("/admin/mfa/recovery-codes/new/")
    assert goes_to(response, VERIFY, "/admin/mfa/recovery-codes/new/")
    assert set(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True)) == old
