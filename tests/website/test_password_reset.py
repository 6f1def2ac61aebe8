"""Staff password reset in the Wagtail admin: the request page answers the same, in the same time,
whether or not an account has the address (no lookup in the request: one audit row, one job that
looks and emails); setting the new password is checked (12 characters) and recorded."""

import re
import smtplib

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.users.models import UserProfile

from tests.factories import UserFactory, demo_site
from website import tasks
from website.audit import SIGN_IN_ACTIONS
from website.models import AuditEvent
from website.password_reset import StaffPasswordResetConfirmView, StaffPasswordResetForm, send_reset_email

pytestmark = pytest.mark.django_db
RESET = "/admin/password_reset/"
DONE = "/admin/password_reset/done/"
Action = AuditEvent.Action
NEW_PASSWORD = "a-long-enough-n3w-secret"


@pytest.fixture
def staff():
    return UserFactory(role="reviewer", agencies=[demo_site()], email="riley@police.example")


@pytest.fixture
def queued(monkeypatch):
    """The jobs the request queues, not run."""
    calls = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda *args: calls.append(args))
    return calls


def ask(client, email, **extra):
    return client.post(RESET, {"email": email}, REMOTE_ADDR="203.0.113.7", **extra)


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client, staff, queued):
    known = ask(client, "riley@police.example")
    unknown = ask(client, "nobody@police.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == DONE
    assert page(client.get(known["Location"])) == page(client.get(unknown["Location"]))


def page(response):
    """A page's text, without its CSRF token (masked afresh for every answer)."""
    return re.sub(r'"CSRF_TOKEN": "\w+"', "", response.content.decode())


def test_the_request_looks_up_no_account(client, staff, queued):
    with CaptureQueriesContext(connection) as queries:
        ask(client, "riley@police.example")
    table = staff._meta.db_table
    assert [q["sql"] for q in queries if table in q["sql"]] == []


def test_one_audit_row_without_an_account_and_one_job(client, staff, queued):
    ask(client, "  Riley@Police.example ", HTTP_USER_AGENT="Firefox")
    event = AuditEvent.objects.get(action=Action.PASSWORD_RESET_ASKED)
    assert AuditEvent.objects.count() == 1
    assert event.user is None
    assert event.detail == "email tried: Riley@Police.example"
    assert event.address == "203.0.113.7"
    assert event.user_agent == "Firefox"
    assert queued == [("Riley@Police.example", "en")]
    assert mail.outbox == []


def test_the_job_is_told_the_language_of_the_page(client, staff, queued):
    client.cookies["django_language"] = "fr"
    ask(client, "riley@police.example")
    assert queued == [("riley@police.example", "fr")]


def test_an_invalid_address_is_refused_without_a_row_or_a_job(client, staff, queued):
    response = ask(client, "not an address")
    assert response.status_code == 200
    assert queued == []
    assert not AuditEvent.objects.exists()


def test_the_job_emails_a_link_to_a_known_account(staff):
    tasks.send_password_reset("RILEY@police.example", "en")
    (message,) = mail.outbox
    assert message.to == ["riley@police.example"]
    assert message.subject == "Password reset"
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    assert f"http://testserver/admin/password_reset/confirm/{uid}/" in message.body
    assert staff.username in message.body


def test_the_job_sends_nothing_for_an_unknown_or_inactive_account(staff):
    tasks.send_password_reset("nobody@police.example", "en")
    UserFactory(email="gone@police.example", is_active=False)
    tasks.send_password_reset("gone@police.example", "en")
    assert mail.outbox == []


def test_the_email_is_in_the_staff_members_language(staff):
    tasks.send_password_reset("riley@police.example", "fr")
    assert mail.outbox[0].subject == "Réinitialisation de mot de passe"
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    tasks.send_password_reset("riley@police.example", "fr")
    assert mail.outbox[1].subject == "Password reset"


def test_a_mail_server_failure_is_raised_for_the_job_to_retry(staff, monkeypatch):
    def fail(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", fail)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_reset_email("riley@police.example", "en")
    assert issubclass(smtplib.SMTPServerDisconnected, tasks.send_password_reset.autoretry_for)


def confirm_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("wagtailadmin_password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def set_password(client, user, password, url=None):
    response = client.get(url or confirm_url(user))
    assert response.status_code == 302
    return client.post(response["Location"], {"new_password1": password, "new_password2": password})


def test_the_new_password_is_set_and_recorded(client, staff):
    link = confirm_url(staff)
    response = set_password(client, staff, NEW_PASSWORD, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_password_reset_complete")
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action=Action.PASSWORD_RESET)
    assert event.user == staff
    # The link works once.
    assert b"Invalid password reset link" in client.get(link, follow=True).content


def test_a_reset_ends_the_accounts_other_sessions(client, staff):
    other = Client()
    other.force_login(staff)
    assert other.get("/admin/").status_code == 200
    set_password(client, staff, NEW_PASSWORD)
    assert other.get("/admin/").status_code == 302


def test_a_short_password_is_refused_with_a_clear_message(client, staff):
    response = set_password(client, staff, "Sh0rt-pass")
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in response.content.decode()
    staff.refresh_from_db()
    assert not staff.check_password("Sh0rt-pass")
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_RESET).exists()


def test_a_wrong_link_records_nothing(client, staff):
    response = client.get(reverse("wagtailadmin_password_reset_confirm", args=["MQ", "wrong-token"]))
    assert response.status_code == 200
    assert b"Invalid password reset link" in response.content
    assert not AuditEvent.objects.exists()


def test_the_login_page_offers_the_reset(client):
    assert f'href="{RESET}"' in client.get("/admin/login/").content.decode()


@pytest.mark.parametrize("url", [RESET, DONE, "/admin/password_reset/complete/"])
def test_the_reset_pages_are_open_to_anonymous_visitors(client, url):
    assert client.get(url).status_code == 200


def test_ours_are_the_views_and_form_wagtail_links_to():
    match = resolve(confirm_url(UserFactory()))
    assert match.func.view_class is StaffPasswordResetConfirmView
    assert match.url_name == "wagtailadmin_password_reset_confirm"
    from wagtail.admin.views.account import get_password_reset_form

    assert get_password_reset_form() is StaffPasswordResetForm


def test_both_actions_are_in_the_sign_in_log(client, staff):
    assert {Action.PASSWORD_RESET_ASKED, Action.PASSWORD_RESET} <= set(SIGN_IN_ACTIONS)
    set_password(client, staff, NEW_PASSWORD)
    supervisor = UserFactory(role="supervisor", agencies=[demo_site()])
    client.force_login(supervisor)
    response = client.get("/admin/reports/sign-ins/")
    assert "Reset their password" in response.content.decode()
