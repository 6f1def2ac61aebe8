"""Sending is limited per browser session and, higher, per address: people who share an address
(a library, a campus, a shelter) are not locked out by each other."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import translation

from forms_app import abuse

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 3, 19, 20, tzinfo=datetime.UTC).timestamp()


def request_from(address, session=None):
    request = RequestFactory().post("/report-theft/check/", REMOTE_ADDR=address)
    request.session = session or SessionStore()
    return request


def test_the_defaults_let_an_address_send_sixty_reports_an_hour(settings):
    assert settings.REPORT_RATE_LIMIT == 60
    assert settings.REPORT_SESSION_RATE_LIMIT == 5
    assert settings.REPORT_RATE_WINDOW == 3600


def test_many_people_at_one_address_are_not_stopped_by_each_other(settings):
    settings.REPORT_RATE_LIMIT, settings.REPORT_SESSION_RATE_LIMIT = 60, 5
    for _person in range(30):
        assert not abuse.over_rate_limit(request_from("203.0.113.7"), now=NOW)


def test_one_session_is_stopped_after_its_own_limit(settings):
    settings.REPORT_RATE_LIMIT, settings.REPORT_SESSION_RATE_LIMIT = 60, 5
    session = SessionStore()
    sent = [abuse.over_rate_limit(request_from("203.0.113.7", session), now=NOW) for _ in range(6)]
    assert sent == [False] * 5 + [True]
    # Another person at the same address still can.
    assert not abuse.over_rate_limit(request_from("203.0.113.7"), now=NOW)


def test_an_address_is_stopped_after_its_limit_whatever_its_sessions(settings):
    settings.REPORT_RATE_LIMIT, settings.REPORT_SESSION_RATE_LIMIT = 3, 5
    sent = [abuse.over_rate_limit(request_from("203.0.113.7"), now=NOW) for _ in range(4)]
    assert sent == [False] * 3 + [True]
    assert not abuse.over_rate_limit(request_from("198.51.100.2"), now=NOW)


def test_the_counts_start_again_in_the_next_window(settings):
    settings.REPORT_SESSION_RATE_LIMIT = 1
    session = SessionStore()
    assert not abuse.over_rate_limit(request_from("203.0.113.7", session), now=NOW)
    assert abuse.over_rate_limit(request_from("203.0.113.7", session), now=NOW)
    assert not abuse.over_rate_limit(request_from("203.0.113.7", session), now=abuse.window_end(NOW))


def test_a_limit_of_zero_counts_nothing(settings):
    settings.REPORT_RATE_LIMIT, settings.REPORT_SESSION_RATE_LIMIT = 0, 0
    session = SessionStore()
    assert not any(abuse.over_rate_limit(request_from("203.0.113.7", session), now=NOW) for _ in range(100))


def test_the_page_says_when_to_try_again_in_french(french_theft_page, settings):
    settings.REPORT_SESSION_RATE_LIMIT = 1
    request = request_from("203.0.113.7")
    abuse.over_rate_limit(request)
    with translation.override("fr"):
        response = abuse.rate_limited(request, french_theft_page)
        response.render()
    html = response.content.decode()
    assert response.status_code == 429
    assert "Trop de rapports" in html
    assert "Réessayez après " in html
    assert " h " in html  # a time written the French way, "20 h 00"
