"""The funnel, counted for scripted journeys through the real form with the test client: each
step once per journey, no personal data, and abandonment after 48 hours."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from forms_app import funnel as funnel_module
from forms_app.funnel import BY_OPENED_DAY, funnel
from forms_app.models import FunnelCount, ReportFormPage
from tests.factories import as_served, demo_site, make_agency

from .conftest import VALID, check_token, fill_details, pass_screening, question_names
from .test_save_and_resume import LINK
from .test_sections import MONEY_LOST, WHAT_HAPPENED

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return demo_site()


@pytest.fixture
def fraud_page(home):
    return as_served(ReportFormPage.objects.child_of(home).get(slug="report-fraud"))


def today():
    return timezone.localdate()


def steps(page=None):
    rows = FunnelCount.objects.all() if page is None else FunnelCount.objects.filter(page=page)
    return {(r.step, r.detail): r.count for r in rows}


def stop_at_emergency(client, page):
    answers = dict.fromkeys(question_names(client, page), "no")
    emergency = page.screening_questions.get(kind="emergency")
    answers[f"q{emergency.pk}"] = "yes"
    assert "You cannot report this online" in client.post(page.url, answers).content.decode()
    return emergency


def send_fraud(client, page):
    pass_screening(client, page)
    client.get(page.url + "details/")
    assert client.post(page.url + "details/", WHAT_HAPPENED)["Location"] == page.url + "details/2/"
    client.get(page.url + "details/2/")
    assert client.post(page.url + "details/2/", MONEY_LOST)["Location"] == page.url + "check/"
    response = client.post(page.url + "check/", {"token": check_token(client, page)})
    assert response["Location"].endswith("/sent/")


def test_a_journey_with_sections_counts_each_step_once_refreshes_and_back_included(client, fraud_page, site):
    send_fraud(client, fraud_page)
    assert steps(fraud_page) == {
        ("opened", ""): 1,
        ("screening_passed", ""): 1,
        ("section_reached", "1"): 1,
        ("section_reached", "2"): 1,
        ("check_reached", ""): 1,
        ("sent", ""): 1,
        ("sent", BY_OPENED_DAY): 1,
    }
    row = FunnelCount.objects.filter(page=fraud_page).first()
    assert (row.site, row.language, row.day) == (site, "en", today())


def test_refresh_and_back_do_not_count_twice(client, fraud_page):
    client.get(fraud_page.url)
    client.get(fraud_page.url)  # a refresh
    pass_screening(client, fraud_page)  # (opens the screening page again to read its questions)
    client.get(fraud_page.url + "details/")
    client.post(fraud_page.url + "details/", WHAT_HAPPENED)
    client.get(fraud_page.url + "details/2/")
    client.post(fraud_page.url + "details/2/", {"back": "1", **MONEY_LOST})  # Back to section 1
    client.get(fraud_page.url + "details/")
    client.get(fraud_page.url)  # Back to the screening questions
    pass_screening(client, fraud_page)
    assert steps(fraud_page) == {
        ("opened", ""): 1,
        ("screening_passed", ""): 1,
        ("section_reached", "1"): 1,
        ("section_reached", "2"): 1,
    }


def test_a_stop_counts_the_question_by_its_name_and_a_second_journey_is_a_new_one(client, theft_page):
    emergency = stop_at_emergency(client, theft_page)
    stop_at_emergency(client, theft_page)  # the same person again, in the same journey
    assert steps(theft_page) == {("opened", ""): 1, ("stopped", emergency.name): 1}
    Client().get(theft_page.url)  # someone else
    assert steps(theft_page)[("opened", "")] == 2
    # After a report is sent, opening the form again begins a new journey.
    other = Client()
    pass_screening(other, theft_page)
    fill_details(other, theft_page)
    other.post(theft_page.url + "check/", {"token": check_token(other, theft_page)})
    other.get(theft_page.url + "sent/")  # the receipt refreshed
    assert steps(theft_page)[("sent", "")] == 1
    other.get(theft_page.url)
    assert steps(theft_page)[("opened", "")] == 4


def test_saved_and_resumed_are_counted_and_nothing_personal_is_kept(client, theft_page, mailoutbox):
    pass_screening(client, theft_page)
    client.post(theft_page.url + "details/", {**VALID, "save_later": "1"})
    client.post(theft_page.url + "save/", {"email": "jean.tremblay@example.org"})
    path = LINK.search(mailoutbox[0].body).group(1)
    other = Client()
    assert other.post(path).status_code == 302
    fill_details(other, theft_page)
    other.get(theft_page.url + "check/")
    assert steps(theft_page) == {
        ("opened", ""): 1,
        ("screening_passed", ""): 1,
        ("section_reached", "1"): 1,
        ("saved", ""): 1,
        ("resumed", ""): 1,
        ("check_reached", ""): 1,
    }
    values = " ".join(str(v) for row in FunnelCount.objects.values() for v in row.values())
    assert "jean" not in values.lower() and "127.0.0.1" not in values and "Oakville" not in values


def test_the_funnel_totals_drop_off_stops_and_languages(client, theft_page, french_theft_page, site):
    stop_at_emergency(Client(), theft_page)
    stop_at_emergency(Client(), theft_page)
    Client().get(theft_page.url)  # opened, nothing more
    for _n in range(2):
        citizen = Client()
        pass_screening(citizen, theft_page)
        fill_details(citizen, theft_page)
        citizen.post(theft_page.url + "check/", {"token": check_token(citizen, theft_page)})
    Client().get(french_theft_page.url)
    translation.activate("en")  # the French page left French on in this thread
    figures = funnel(site, today(), today())
    assert figures.totals["opened"] == 6
    assert [(row.step, row.detail, row.count, row.drop_off) for row in figures.path] == [
        ("opened", "", 6, None),
        ("screening_passed", "", 2, 4),
        ("section_reached", "1", 2, 0),
        ("check_reached", "", 2, 0),
        ("sent", "", 2, 0),
    ]
    assert figures.path[1].drop_off_rate == pytest.approx(4 / 6)
    emergency = theft_page.screening_questions.get(kind="emergency")
    assert [(stop.question, stop.text, stop.count) for stop in figures.stops] == [
        (emergency.name, emergency.question, 2)
    ]
    with translation.override("fr"):
        assert funnel(site, today(), today()).stops[0].text.startswith("Une personne est-elle en danger")
    assert funnel(site, today(), today(), language="fr").totals["opened"] == 1
    by_language = funnel(site, today(), today(), by_language=True, by_day=True)
    assert by_language.by_language["fr"] == {"opened": 1}
    assert by_language.by_language["en"]["opened"] == 5
    assert by_language.by_day[today()]["sent"] == 2
    # The page filter takes the form with its translations.
    assert funnel(site, today(), today(), page=theft_page).totals["opened"] == 6


def test_abandonment_counts_journeys_not_sent_within_48_hours(client, theft_page, site, monkeypatch):
    opened_on = today() - datetime.timedelta(days=10)
    start = timezone.now() - datetime.timedelta(days=10)
    clock = {"now": start}
    monkeypatch.setattr(funnel_module.timezone, "now", lambda: clock["now"])
    quick, slow, gone = Client(), Client(), Client()
    for citizen in (quick, slow, gone):
        pass_screening(citizen, theft_page)
        fill_details(citizen, theft_page)
    clock["now"] = start + datetime.timedelta(hours=47)
    quick.post(theft_page.url + "check/", {"token": check_token(quick, theft_page)})
    clock["now"] = start + datetime.timedelta(hours=49)  # sent, but after 48 hours: abandoned
    slow.post(theft_page.url + "check/", {"token": check_token(slow, theft_page)})
    monkeypatch.undo()
    figures = funnel(site, opened_on - datetime.timedelta(days=1), today())
    assert (figures.abandonment.opened, figures.abandonment.sent, figures.abandonment.abandoned) == (3, 1, 2)
    assert figures.abandonment.rate == pytest.approx(2 / 3)
    # Days less than 48 hours past are not settled yet: not counted as abandoned.
    Client().get(theft_page.url)
    assert funnel(site, today(), today()).abandonment.opened == 0
    assert funnel(site, today(), today(), now=timezone.now() + datetime.timedelta(days=3)).abandonment.opened == 1


def test_one_statement_per_event_and_other_agencys_counts_never_counted(client, theft_page, site):
    with CaptureQueriesContext(connection) as captured:
        funnel_module._increment(site.pk, theft_page.pk, "en", today(), "opened")
    assert len(captured) == 1 and "ON CONFLICT" in captured[0]["sql"]
    other = make_agency()
    FunnelCount.objects.create(site=other, page=theft_page, language="en", day=today(), step="opened", count=50)
    assert funnel(site, today(), today()).totals["opened"] == 1
    assert funnel(other, today(), today()).totals["opened"] == 50
    with CaptureQueriesContext(connection) as captured:
        funnel(site, today() - datetime.timedelta(days=365), today(), by_day=True, by_language=True)
    assert len(captured) <= 4
