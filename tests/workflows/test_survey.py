"""The satisfaction survey after a report closes (issue 17): scheduled once when the report
closes, emailed after the delay in the citizen's language, answered once through a signed link
on the agency's own site; a low score with a comment gives the agency's supervisors a task to
call back, and supervisors alone read comments."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from viewflow.workflow.status import STATUS

from forms_app.history import change_status
from forms_app.models import ReportStatus, Survey
from forms_app.survey import survey_figures, survey_token
from tests.factories import UserFactory, demo_site, make_agency, make_report
from website.models import AuditEvent
from workflows.callback import CallbackFlow
from workflows.models import CallbackProcess
from workflows.survey import send_due_surveys

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(days=3, minutes=1)


def closed(report, status=ReportStatus.REJECTED, capture=None):
    with capture(execute=True):
        change_status(report, status, public_message="Not a police matter.")
    return Survey.objects.get(report=report)


@pytest.fixture
def close(django_capture_on_commit_callbacks):
    return lambda report, status=ReportStatus.REJECTED: closed(report, status, django_capture_on_commit_callbacks)


def link_path(message):
    return re.search(r"https?://[^/\s]+(/\S*/report/survey/\S+/|/report/survey/\S+/)", message.body).group(1)


def test_a_report_that_closes_gets_one_survey_sent_after_the_delay(close):
    report = make_report()
    survey = close(report, ReportStatus.EXPORTED)
    assert survey.outcome == ReportStatus.EXPORTED
    closed_at = survey.report.history.order_by("at").last().at
    assert survey.due_at == closed_at + datetime.timedelta(days=3)
    close(report, ReportStatus.CLOSED)  # closed again later: still the first survey
    assert Survey.objects.filter(report=report).count() == 1
    assert Survey.objects.get(report=report).outcome == ReportStatus.EXPORTED

    assert send_due_surveys() == 0  # not yet
    mail.outbox.clear()
    assert send_due_surveys(now=timezone.now() + LATER) == 1
    (message,) = mail.outbox
    assert message.to == [report.reporter_email]
    assert report.reference in message.subject
    assert "/report/survey/" in message.body
    assert send_due_surveys(now=timezone.now() + LATER) == 0  # sent once


def test_an_open_report_gets_no_survey(django_capture_on_commit_callbacks):
    report = make_report()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, ReportStatus.INFO_REQUESTED, public_message="Which car?")
    assert not Survey.objects.exists()


def test_the_survey_is_in_the_citizens_language(close):
    report = make_report()
    report.language = "fr"
    report.save(update_fields=["language"])
    close(report)
    mail.outbox.clear()
    send_due_surveys(now=timezone.now() + LATER)
    (message,) = mail.outbox
    assert "Comment avons-nous" in message.subject
    assert "/fr/report/survey/" in message.body


def test_a_mail_server_failure_leaves_the_survey_for_the_next_run(close, monkeypatch):
    from django.core.mail import EmailMessage

    survey = close(make_report())
    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", lambda self: (_ for _ in ()).throw(ConnectionRefusedError()))
        assert send_due_surveys(now=timezone.now() + LATER) == 0
    survey.refresh_from_db()
    assert survey.sent_at is None
    assert send_due_surveys(now=timezone.now() + LATER) == 1


def answer(client, survey, **data):
    url = f"/report/survey/{survey_token(survey)}/"
    return client.post(url, {"score": "4", "understood": "yes", "comment": "", **data})


def test_the_citizen_answers_once(client, close):
    survey = close(make_report())
    url = f"/report/survey/{survey_token(survey)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "How did we do?" in page.content.decode()
    assert answer(client, survey, score="4", comment="  Quick and clear.  ").status_code == 302
    survey.refresh_from_db()
    assert (survey.score, survey.understood, survey.comment) == (4, True, "Quick and clear.")
    assert AuditEvent.objects.about(survey.report).filter(action="survey_answered", detail="score 4").count() == 1

    again = answer(client, survey, score="1", understood="no", comment="Changed my mind")
    assert again.status_code == 200
    assert "already answered" in again.content.decode()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "Quick and clear.")


def test_bad_answers_get_clear_messages_and_nothing_is_saved(client, close):
    survey = close(make_report())
    response = answer(client, survey, score="", understood="", comment="x" * 1001)
    text = response.content.decode()
    assert response.status_code == 200
    for words in ("Choose how satisfied you are", "Say whether you understood", "1,000 characters or fewer"):
        assert words in text
    assert answer(client, survey, score="9").status_code == 200
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_a_tampered_an_expired_and_another_agencys_link_are_refused(client, close, settings):
    survey = close(make_report())
    token = survey_token(survey)
    assert client.get(f"/report/survey/{token[:-2]}xx/").status_code == 404
    north = make_agency()
    assert client.get(f"/report/survey/{token}/", HTTP_HOST=north.hostname).status_code == 404
    settings.REPORT_SURVEY_LINK_DAYS = -1
    expired = client.get(f"/report/survey/{token}/")
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()


@pytest.mark.parametrize(
    ("score", "comment", "calls"), [("1", "Nobody told me anything.", 1), ("2", "", 0), ("3", "Slow.", 0)]
)
def test_a_low_score_with_a_comment_gives_supervisors_a_call_back(
    client, close, django_capture_on_commit_callbacks, score, comment, calls
):
    survey = close(make_report())
    with django_capture_on_commit_callbacks(execute=True):  # the view signals after its commit
        assert answer(client, survey, score=score, understood="no", comment=comment).status_code == 302
    processes = CallbackProcess.objects.filter(flow_class=CallbackFlow)
    assert processes.count() == calls
    if calls:
        (process,) = processes
        assert process.artifact == survey.report
        task = process.task_set.get(flow_task=CallbackFlow.call_back)
        assert task.status == STATUS.NEW
        assert task.owner_permission == "workflows.approve_report"


@pytest.fixture
def call_back_task(client, close, django_capture_on_commit_callbacks):
    survey = close(make_report())
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, survey, score="1", understood="no", comment="Nobody told me anything.")
    process = CallbackProcess.objects.get(flow_class=CallbackFlow)
    return survey, process, process.task_set.get(flow_task=CallbackFlow.call_back)


def test_a_supervisor_of_the_agency_calls_back_and_the_others_cannot(client, call_back_task):
    survey, process, task = call_back_task
    base = f"/workflow/tasks/flows/callback/{process.pk}/call_back/{task.pk}/"
    north = make_agency()
    outsider = UserFactory(role="supervisor", agencies=[north])
    client.force_login(outsider)
    assert client.post(base + "assign/").status_code == 404
    reviewer = UserFactory(role="reviewer", agencies=[demo_site()])
    client.force_login(reviewer)
    assert client.post(base + "assign/").status_code in (302, 403)
    task.refresh_from_db()
    assert task.owner is None

    supervisor = UserFactory(role="supervisor", agencies=[demo_site()])
    client.force_login(supervisor)
    assert client.post(base + "assign/").status_code == 302
    page = client.get(base + "execute/")
    assert page.status_code == 200
    assert "Nobody told me anything." in page.content.decode()
    done = client.post(base + "execute/", {"decision": "called back", "note": "Explained the decision."})
    assert done.status_code == 302
    survey.refresh_from_db()
    assert survey.called_back_at is not None and survey.call_back_note == "Explained the decision."
    task.refresh_from_db()
    assert task.status == STATUS.DONE
    assert AuditEvent.objects.about(survey.report).filter(action="decide", outcome="called back", user=supervisor)


def test_the_report_shows_the_score_to_reviewers_and_the_comment_to_supervisors_only(client, call_back_task):
    from workflows.flows import ReportFlow
    from workflows.models import ReportProcess

    survey, _process, _task = call_back_task
    review = ReportProcess.objects.get(artifact_object_id=survey.report.pk, flow_class=ReportFlow)
    task = review.task_set.get(flow_task=ReportFlow.review)
    url = f"/workflow/tasks/flows/report/{review.pk}/review/{task.pk}/detail/"
    reviewer = UserFactory(role="reviewer", agencies=[demo_site()])
    client.force_login(reviewer)
    text = client.get(url).content.decode()
    assert "Satisfaction survey" in text and "1 out of 5" in text
    assert "Nobody told me anything." not in text
    client.force_login(UserFactory(role="supervisor", agencies=[demo_site()]))
    assert "Nobody told me anything." in client.get(url).content.decode()


def test_the_figures_count_each_agencys_surveys_only(close, client):
    now = timezone.now()
    scores = [(5, True), (4, True), (2, False)]
    for score, understood in scores:
        survey = close(make_report())
        Survey.objects.filter(pk=survey.pk).update(sent_at=now, answered_at=now, score=score, understood=understood)
    close(make_report())
    Survey.objects.filter(sent_at__isnull=True).update(sent_at=now)  # sent, never answered
    north = make_agency()
    other = close(make_report(site=north))
    Survey.objects.filter(pk=other.pk).update(sent_at=now, answered_at=now, score=1)

    figures = survey_figures([demo_site().pk], now - datetime.timedelta(days=1), now + datetime.timedelta(days=1))
    assert figures["sent"] == 4 and figures["answered"] == 3
    assert figures["response_rate"] == 0.75
    assert figures["mean"] == pytest.approx(11 / 3)
    assert figures["understood"] == 2
    assert figures["by_outcome"] == [{"outcome": "rejected", "answers": 3, "mean": pytest.approx(11 / 3)}]


def test_the_agencys_own_delay_is_used(close):
    from workflows.models import EvaluationSettings

    evaluation = EvaluationSettings.for_site(demo_site())
    evaluation.survey_delay_days = 7
    evaluation.save()
    survey = close(make_report())
    closed_at = survey.report.history.order_by("at").last().at
    assert survey.due_at == closed_at + datetime.timedelta(days=7)
