"""Save and continue later: the draft is kept server-side and reopened, once, from an emailed
link, on any device of the same agency's site; expired ones are purged with their files."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from forms_app.cleanup import purge_stale_uploads
from forms_app.models import Attachment, FunnelCount, Report, SavedDraft
from forms_app.resume import hash_token, purge_expired_saved_drafts
from tests.factories import make_agency
from website.models import AuditEvent

from .conftest import VALID, check_token, fill_details, jpeg, pass_screening

pytestmark = pytest.mark.django_db
NORTH = "north.localhost"
LINK = re.compile(r"https?://[^/\s]+(/(?:fr/)?report/resume/([A-Za-z0-9_-]+)/)")


@pytest.fixture(autouse=True)
def fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


def save_details(client, page, email="jean.tremblay@example.org", files=None, **typed):
    """Fill in part of the details step, press "Save and continue later", give ``email``."""
    pass_screening(client, page)
    data = {"what_happened": "My bicycle was taken.", "save_later": "1", **typed}
    if files:
        data["photos_or_documents"] = files
    response = client.post(page.url + "details/", data)
    assert response.status_code == 302 and response["Location"].endswith("/save/"), response
    return client.post(page.url + "save/", {"email": email})


def emailed_link():
    path, token = LINK.search(mail.outbox[-1].body).groups()
    return path, token


def test_saving_asks_for_an_email_then_sends_a_link_in_english(client, theft_page):
    pass_screening(client, theft_page)
    client.post(theft_page.url + "details/", {"what_happened": "My bicycle was taken.", "save_later": "1"})
    asking = client.get(theft_page.url + "save/")
    assert asking.status_code == 200
    assert "Save your report and continue later" in asking.content.decode()
    response = client.post(theft_page.url + "save/", {"email": "jean.tremblay@example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We have sent a link to finish it to jean.tremblay@example.org" in html
    saved = SavedDraft.objects.get()
    assert saved.expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)
    assert saved.answers["what_happened"] == ["My bicycle was taken."]
    assert (saved.step_route, saved.step_section, saved.language) == ("details", None, "en")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jean.tremblay@example.org"]
    assert message.subject == "Finish your report: Report a theft under $5,000"
    path, token = emailed_link()
    assert path.startswith("/report/resume/")
    # Only the token's hash is stored: the database alone makes no link.
    assert saved.token_hash == hash_token(token) and token not in saved.token_hash
    assert len(token) >= 40


def test_the_email_and_pages_are_in_french_from_the_french_form(client, french_theft_page):
    pass_screening(client, french_theft_page)
    client.post(french_theft_page.url + "details/", {"save_later": "1"})
    response = client.post(french_theft_page.url + "save/", {"email": "jean@example.org"})
    assert "Nous avons envoyé un lien" in response.content.decode()
    message = mail.outbox[0]
    assert message.subject.startswith("Terminez votre rapport")
    path, _token = emailed_link()
    assert path.startswith("/fr/report/resume/")
    page = Client().get(path)
    assert page.status_code == 200
    assert "Continuer mon rapport" in page.content.decode()


def test_a_bad_or_missing_address_gets_a_clear_message_and_saves_nothing(client, theft_page):
    pass_screening(client, theft_page)
    client.post(theft_page.url + "details/", {"save_later": "1"})
    for value, message in (("", "Enter your email address"), ("not-an-address", "like name@example.com")):
        response = client.post(theft_page.url + "save/", {"email": value})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not SavedDraft.objects.exists() and not mail.outbox


def test_the_save_page_without_a_draft_goes_to_the_start(client, theft_page):
    response = client.get(theft_page.url + "save/")
    assert response.status_code == 302 and response["Location"] == theft_page.url


def test_resume_on_a_new_browser_restores_the_answers_and_files_then_sends(client, theft_page):
    save_details(client, theft_page, files=[jpeg("bike.jpg")], town_or_city="Oakville")
    path, _token = emailed_link()
    other_device = Client()
    landing = other_device.get(path)
    assert landing.status_code == 200
    assert SavedDraft.objects.exists()  # opening the link (a mail scanner) uses nothing
    response = other_device.post(path)
    assert response.status_code == 302 and response["Location"] == theft_page.url + "details/"
    html = other_device.get(theft_page.url + "details/").content.decode()
    assert "My bicycle was taken." in html and "bike.jpg" in html
    assert not SavedDraft.objects.exists()  # the link is used
    fill_details(other_device, theft_page)
    assert "bike.jpg" in other_device.get(theft_page.url + "check/").content.decode()
    other_device.post(theft_page.url + "check/", {"token": check_token(other_device, theft_page)})
    report = Report.objects.get()
    assert [a.original_name for a in report.attachments.all()] == ["bike.jpg"]
    counted = FunnelCount.objects.filter(step__in=["saved", "resumed"]).values_list("step", "count").order_by("step")
    assert list(counted) == [("resumed", 1), ("saved", 1)]
    # The journey went on in the other browser: the first section and check answers counted once.
    assert FunnelCount.objects.get(step="section_reached", detail="1").count == 1
    assert FunnelCount.objects.get(step="sent", detail="").count == 1


def test_a_used_link_gets_the_same_page_as_an_unknown_one(client, theft_page):
    save_details(client, theft_page)
    path, _token = emailed_link()
    Client().post(path)
    for browser in (Client(), client):
        for method in ("get", "post"):
            response = getattr(browser, method)(path)
            assert response.status_code == 404
            assert response.templates[0].name == "forms_app/resume_link_invalid.html"
            assert "This link cannot be opened" in response.content.decode()


def test_an_expired_link_is_refused(client, theft_page):
    save_details(client, theft_page)
    SavedDraft.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    path, _token = emailed_link()
    assert Client().get(path).status_code == 404
    assert Client().post(path).status_code == 404
    assert SavedDraft.objects.exists()  # the purge removes it


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t[:10],
        lambda t: t + "x" * 5000,
        lambda t: "%00" + t,
        lambda t: "..",
    ],
)
def test_a_tampered_link_is_refused_never_an_error(client, theft_page, change):
    save_details(client, theft_page)
    _path, token = emailed_link()
    response = Client().get(f"/report/resume/{change(token)}/")
    assert response.status_code == 404
    assert "This link cannot be opened" in response.content.decode()


def test_a_link_of_one_agency_never_opens_on_anothers_hostname(client, theft_page):
    make_agency()
    save_details(client, theft_page)
    path, _token = emailed_link()
    north = Client(HTTP_HOST=NORTH)
    for method in ("get", "post"):
        response = getattr(north, method)(path)
        assert response.status_code == 404
        assert "theft" not in response.content.decode().lower().split("<main", 1)[-1]
    assert SavedDraft.objects.exists()
    assert Client().get(path).status_code == 200  # on its own site it still opens


def test_saving_again_replaces_the_link(client, theft_page):
    save_details(client, theft_page)
    first, _token = emailed_link()
    client.post(theft_page.url + "details/", {"what_happened": "Bicycle and helmet.", "save_later": "1"})
    client.post(theft_page.url + "save/", {"email": "jean.tremblay@example.org"})
    second, _token = emailed_link()
    assert first != second and SavedDraft.objects.count() == 1
    assert Client().get(first).status_code == 404
    browser = Client()
    browser.post(second)
    assert "Bicycle and helmet." in browser.get(theft_page.url + "details/").content.decode()


def test_saving_from_check_answers_comes_back_to_check_answers(client, theft_page):
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    response = client.post(theft_page.url + "check/", {"save_later": "1"})
    assert response["Location"] == theft_page.url + "save/"
    assert not Report.objects.exists()
    client.post(theft_page.url + "save/", {"email": "jean.tremblay@example.org"})
    path, _token = emailed_link()
    browser = Client()
    assert browser.post(path)["Location"] == theft_page.url + "check/"
    check = browser.get(theft_page.url + "check/")
    assert check.status_code == 200 and VALID["what_happened"] in check.content.decode()


def test_saving_from_screening_once_answered(client, theft_page):
    assert 'name="save_later"' not in client.get(theft_page.url).content.decode()
    pass_screening(client, theft_page)
    assert 'name="save_later"' in client.get(theft_page.url).content.decode()
    response = client.post(theft_page.url, {"save_later": "1"})  # answers incomplete: those before kept
    assert response["Location"] == theft_page.url + "save/"
    client.post(theft_page.url + "save/", {"email": "jean.tremblay@example.org"})
    saved = SavedDraft.objects.get()
    assert saved.step_route == "screening" and len(saved.screening) == theft_page.screening_questions.count()
    browser = Client()
    assert browser.post(emailed_link()[0])["Location"] == theft_page.url
    assert browser.get(theft_page.url + "details/").status_code == 200  # screened already


def test_the_steps_offer_the_button(client, theft_page):
    pass_screening(client, theft_page)
    assert "Save and continue later" in client.get(theft_page.url + "details/").content.decode()
    fill_details(client, theft_page)
    assert "Save and continue later" in client.get(theft_page.url + "check/").content.decode()


def test_sending_the_report_deletes_the_saved_draft(client, theft_page):
    save_details(client, theft_page)
    path, _token = emailed_link()
    fill_details(client, theft_page)
    client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    assert Report.objects.count() == 1
    assert not SavedDraft.objects.exists()
    assert Client().get(path).status_code == 404


def test_expired_saved_drafts_are_purged_with_their_files_and_audited_without_personal_data(client, theft_page):
    save_details(client, theft_page, files=[jpeg("bike.jpg")])
    attachment = Attachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    old = timezone.now() - datetime.timedelta(hours=100)
    Attachment.objects.update(uploaded_at=old)
    # Older than STAGED_UPLOAD_HOURS, but saved to finish later: kept while the link works.
    assert purge_stale_uploads() == 0 and storage.exists(name)
    assert purge_expired_saved_drafts() == 0
    SavedDraft.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert purge_expired_saved_drafts() == 1
    assert not SavedDraft.objects.exists() and not Attachment.objects.exists() and not storage.exists(name)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PURGED)
    assert (event.detail, event.outcome, event.site_id) == ("saved drafts", "1", theft_page.get_site().pk)
    assert event.user is None and event.target_id is None and event.address is None
    assert "jean" not in f"{event.detail}{event.outcome}{event.user_agent}".lower()


def test_the_periodic_jobs_purge_expired_saved_drafts(client, theft_page, settings):
    from io import StringIO

    from django.core.management import call_command

    save_details(client, theft_page)
    SavedDraft.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    out = StringIO()
    call_command("run_periodic_jobs", stdout=out)
    assert "1 expired saved drafts removed" in out.getvalue()
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "forms_app.tasks.purge_expired_saved_drafts_task" in schedule


def test_resuming_gives_the_files_a_new_staged_window(client, theft_page):
    save_details(client, theft_page, files=[jpeg("bike.jpg")])
    Attachment.objects.update(uploaded_at=timezone.now() - datetime.timedelta(days=5))
    Client().post(emailed_link()[0])
    assert purge_stale_uploads() == 0 and Attachment.objects.count() == 1


def test_saving_is_rate_limited_per_session(client, theft_page, settings):
    settings.REPORT_SESSION_RATE_LIMIT = 2
    pass_screening(client, theft_page)
    client.post(theft_page.url + "details/", {"save_later": "1"})
    for n in range(2):
        response = client.post(theft_page.url + "save/", {"email": f"person{n}@example.org"})
        assert response.status_code == 200
    response = client.post(theft_page.url + "save/", {"email": "person9@example.org"})
    assert response.status_code == 429
    assert "Too many reports saved from this connection" in response.content.decode()
    assert len(mail.outbox) == 2


def test_one_address_is_not_sent_many_links_from_many_sessions(theft_page, settings):
    settings.REPORT_SESSION_RATE_LIMIT, settings.REPORT_RATE_LIMIT = 2, 0
    codes = []
    for _ in range(3):
        browser = Client()
        pass_screening(browser, theft_page)
        browser.post(theft_page.url + "details/", {"save_later": "1"})
        codes.append(browser.post(theft_page.url + "save/", {"email": "Victim@example.org"}).status_code)
    assert codes == [200, 200, 429]
    assert len(mail.outbox) == 2


def test_an_email_failure_keeps_nothing_and_says_so(client, theft_page, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    pass_screening(client, theft_page)
    client.post(theft_page.url + "details/", {"save_later": "1"})
    response = client.post(theft_page.url + "save/", {"email": "jean@example.org"})
    assert response.status_code == 200
    assert "We could not send the email just now" in response.content.decode()
    assert not SavedDraft.objects.exists()


def test_staff_see_saves_and_resumes_per_form(client, theft_page):
    save_details(client, theft_page)
    Client().post(emailed_link()[0])
    client.force_login(get_user_model().objects.get(username="comms"))
    html = client.get("/admin/reports/online-report-counts/").content.decode()
    row = re.search(r"<th scope=\"row\">Report a theft under \$5,000</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", row)[-2:] == ["1", "1"]
    assert "Saved to finish later" in html and "jean" not in html


def test_the_save_and_resume_pages_are_no_store(client, theft_page):
    pass_screening(client, theft_page)
    client.post(theft_page.url + "details/", {"save_later": "1"})
    pages = [client.get(theft_page.url + "save/"), client.post(theft_page.url + "save/", {"email": "j@example.org"})]
    path, _token = emailed_link()
    pages += [Client().get(path), Client().get("/report/resume/unknown/")]
    assert [r.status_code for r in pages] == [200, 200, 200, 404]
    assert all("no-store" in r.get("Cache-Control", "") for r in pages)


def test_a_link_to_a_form_unpublished_since_is_refused(client, theft_page):
    save_details(client, theft_page)
    theft_page.unpublish()
    assert Client().get(emailed_link()[0]).status_code == 404


def test_the_language_switcher_keeps_the_save_and_resume_pages(client, theft_page, french_theft_page):
    pass_screening(client, theft_page)
    client.post(theft_page.url + "details/", {"save_later": "1"})
    html = client.get(theft_page.url + "save/").content.decode()
    assert f'href="{french_theft_page.url}save/" hreflang="fr"' in html
    client.post(theft_page.url + "save/", {"email": "jean@example.org"})
    path, token = emailed_link()
    resume = Client().get(path).content.decode()
    assert f'href="/fr/report/resume/{token}/" hreflang="fr"' in resume
    assert Client().get(f"/fr/report/resume/{token}/").status_code == 200


def test_a_form_in_sections_resumes_at_the_section_saved_from_with_the_finished_ones(client, home):
    from forms_app.models import ReportFormPage
    from tests.factories import as_served

    from .test_sections import MONEY_LOST, WHAT_HAPPENED

    fraud = as_served(ReportFormPage.objects.child_of(home).get(slug="report-fraud"))
    pass_screening(client, fraud)
    assert client.post(fraud.url + "details/", WHAT_HAPPENED)["Location"] == fraud.url + "details/2/"
    response = client.post(fraud.url + "details/2/", {"amount_lost": "250.00", "save_later": "1"})
    assert response["Location"] == fraud.url + "save/"
    client.post(fraud.url + "save/", {"email": "jean.tremblay@example.org"})
    path, _token = emailed_link()
    other_device = Client()
    response = other_device.post(path)
    assert response["Location"] == fraud.url + "details/2/"  # where they left off
    html = other_device.get(fraud.url + "details/2/").content.decode()
    assert "Section 2 of 2" in html and 'value="250.00"' in html
    # The first section is kept as finished: Continue here leads to check answers.
    response = other_device.post(fraud.url + "details/2/", MONEY_LOST)
    assert response["Location"] == fraud.url + "check/"
    assert "Oakville" in other_device.get(fraud.url + "check/").content.decode()
