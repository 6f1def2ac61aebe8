"""Staff sign-in with a second factor, in Chromium: a new reviewer's first sign-in sets up an
authenticator app (the test computes its codes from the key the page shows, as the app would),
keeps the recovery codes, reaches /workflow/; the next sign-in asks for a code. A password alone
reaches no staff screen. The pages pass axe (WCAG 2.1 AA), in English and in French."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.e2e.test_accessibility import axe_source, check  # noqa: F401 (axe_source: a fixture)
from tests.factories import authenticator, totp_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]
PASSWORD = "review-Journey-passw0rd"  # make_staff's (tests/e2e/test_review_journey.py)
TEXT = {
    "en": {
        "locale": "en-CA",
        "username": "Username",
        "password": "Password",
        "sign_in": "Sign in",
        "set_up": "Set up two-step verification",
        "qr": "QR code to scan with your authenticator app",
        "verify_heading": "Two-step verification",
        "code": "Code",
        "confirm": "Confirm",
        "verify": "Verify",
        "codes": "Your recovery codes",
        "continue": "Continue",
        "wrong": "That code is not right. Try again.",
    },
    "fr": {
        "locale": "fr-CA",
        "username": "Nom d’utilisateur",
        "password": "Mot de passe",
        "sign_in": "S'identifier",
        "set_up": "Configurer la vérification en deux étapes",
        "qr": "Code QR à lire avec votre application d’authentification",
        "verify_heading": "Vérification en deux étapes",
        "code": "Code",
        "confirm": "Confirmer",
        "verify": "Vérifier",
        "codes": "Vos codes de récupération",
        "continue": "Continuer",
        "wrong": "Ce code n’est pas le bon. Réessayez.",
    },
}


def code_from_key(key, *, step_offset=0):
    """What an authenticator app shows for the key typed into it."""
    totp = TOTP(b32decode(key.replace(" ", "")))
    totp.time = time.time() + step_offset * 30
    return f"{totp.token():06d}"


def password_step(page, base, username, text, start="/workflow/"):
    page.goto(base + start)
    page.get_by_label(text["username"]).fill(username)
    page.get_by_label(text["password"]).fill(PASSWORD)
    page.get_by_role("button", name=text["sign_in"]).click()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_first_sign_in_sets_up_the_app_and_the_next_asks_for_a_code(
    lang,
    new_page,
    demo_site,
    axe_source,  # noqa: F811 (the fixture imported above)
    screenshot,
):
    from tests.e2e.test_review_journey import make_staff

    text = TEXT[lang]
    base = demo_site.url
    make_staff(f"new-reviewer-{lang}", "Reviewers", lang)
    page = new_page(text["locale"])

    # The password step, then the set-up page: a QR code and the same key in text.
    password_step(page, base, f"new-reviewer-{lang}", text)
    page.get_by_role("heading", name=text["set_up"]).wait_for()
    assert page.get_by_role("img", name=text["qr"]).locator("svg").count() == 1
    check(page, axe_source, f"mfa-set-up-{lang}")
    screenshot(f"mfa-{lang}-1-set-up", of=page)
    key = page.locator(".mfa-secret").inner_text()
    # A password alone opens nothing: the task list sends the browser back here.
    page.goto(base + "/workflow/tasks/queue/")
    page.get_by_role("heading", name=text["set_up"]).wait_for()
    assert key == page.locator(".mfa-secret").inner_text()  # the key already scanned still holds

    page.get_by_role("textbox", name=text["code"]).fill("000000" if code_from_key(key) != "000000" else "111111")
    page.get_by_role("button", name=text["confirm"]).click()
    page.get_by_role("status").get_by_text(text["wrong"]).wait_for()
    time.sleep(1.1)  # a wrong code makes the next try wait a second
    page.get_by_role("textbox", name=text["code"]).fill(code_from_key(key))
    page.get_by_role("button", name=text["confirm"]).click()

    page.get_by_role("heading", name=text["codes"]).wait_for()
    codes = page.locator(".mfa-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check(page, axe_source, f"mfa-recovery-codes-{lang}")
    screenshot(f"mfa-{lang}-2-recovery-codes", of=page)
    page.get_by_role("link", name=text["continue"]).click()
    page.wait_for_url(re.compile(re.escape(base) + r"/workflow/tasks/queue/"))

    # The next sign-in (another day, another browser): the password, then a code from the app.
    page = new_page(text["locale"])
    password_step(page, base, f"new-reviewer-{lang}", text)
    page.get_by_role("heading", name=text["verify_heading"]).wait_for()
    check(page, axe_source, f"mfa-verify-{lang}")
    screenshot(f"mfa-{lang}-3-verify", of=page)
    # The next step's code, as from a phone whose clock is a little ahead.
    page.get_by_role("textbox", name=text["code"]).fill(code_from_key(key, step_offset=1))
    page.get_by_role("button", name=text["verify"]).click()
    page.wait_for_url(re.compile(re.escape(base) + r"/workflow/tasks/queue/"))


def test_a_recovery_code_instead_of_the_phone(new_page, demo_site):
    from django.contrib.auth import get_user_model

    from tests.e2e.test_review_journey import make_staff
    from website.mfa_views import issue_recovery_codes

    text = TEXT["en"]
    user = make_staff("phone-lost", "Reviewers", "en")
    device = authenticator(user)
    code = issue_recovery_codes(user)[0]
    page = new_page()
    password_step(page, demo_site.url, "phone-lost", text, start="/admin/")
    page.get_by_role("heading", name=text["verify_heading"]).wait_for()
    page.get_by_role("textbox", name=text["code"]).fill(code.upper())
    page.get_by_role("button", name=text["verify"]).click()
    page.wait_for_url(demo_site.url + "/admin/")
    page.get_by_text("You signed in with a recovery code. 9 codes are left").wait_for()
    assert totp_code(device)  # the app's device is still there, for when the phone is found
    assert get_user_model().objects.get(username="phone-lost").totpdevice_set.exists()
