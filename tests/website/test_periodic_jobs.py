"""The periodic jobs: Celery beat's schedule in production, `run_periodic_jobs` in the demo."""

import datetime
import io

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from forms_app.models import Report
from tests.factories import make_report
from website.celery import app
from website.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def sessions(expired, current):
    now = timezone.now()
    Session.objects.create(
        session_key="expired" + "x" * 25, session_data="draft", expire_date=now - datetime.timedelta(days=expired)
    )
    Session.objects.create(
        session_key="current" + "x" * 25, session_data="draft", expire_date=now + datetime.timedelta(days=current)
    )


def test_expired_sessions_are_removed_by_the_job():
    sessions(expired=1, current=1)
    clear_expired_sessions()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current" + "x" * 25]


def test_beat_runs_the_email_sweeps_and_clears_sessions_daily():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task in (
        "forms_app.tasks.sweep_confirmations",
        "workflows.tasks.sweep_status_emails",
        "website.tasks.clear_expired_sessions",
    ):
        assert task in schedule
        app.loader.import_default_modules()
        assert task in app.tasks, task  # the name is a real task
    assert schedule["forms_app.tasks.sweep_confirmations"] <= 10 * 60
    daily = schedule["website.tasks.clear_expired_sessions"]
    assert (daily.hour, daily.minute) == ({3}, {30})


def test_run_periodic_jobs_also_sweeps_emails_and_clears_sessions():
    sessions(expired=1, current=1)
    report = make_report()
    Report.objects.filter(pk=report.pk).update(submit_time=timezone.now() - datetime.timedelta(minutes=20))
    out = io.StringIO()
    call_command("run_periodic_jobs", stdout=out)
    assert "1 confirmations" in out.getvalue()
    assert "1 expired sessions" in out.getvalue()
    assert len(mail.outbox) == 1
    assert Session.objects.count() == 1
