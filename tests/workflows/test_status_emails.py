"""Emails about a status change survive a lost job like the confirmation does: each change the
citizen hears about is emailed once (ReportStatusChange.emailed_at), and a sweep sends those a
lost job never sent."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from forms_app.history import change_status
from forms_app.models import ReportStatus, ReportStatusChange
from tests.factories import make_report
from workflows.tasks import send_status_email, sweep_status_emails

pytestmark = pytest.mark.django_db


def test_a_status_email_is_marked_sent_and_a_second_delivery_sends_nothing(django_capture_on_commit_callbacks):
    report = make_report()
    with django_capture_on_commit_callbacks(execute=True):
        change = change_status(report, ReportStatus.REJECTED, public_message="Not a police matter.")
    (message,) = mail.outbox
    assert "could not be accepted" in message.subject
    change.refresh_from_db()
    assert change.emailed_at is not None

    send_status_email(change.pk)  # the broker delivered the job again
    assert len(mail.outbox) == 1


def lost_change(report, status, minutes_ago):
    change = change_status(report, status)  # its job is queued on commit, which a test never reaches
    ReportStatusChange.objects.filter(pk=change.pk).update(at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return change


def test_the_sweep_sends_status_emails_a_lost_job_never_sent():
    report = make_report()
    lost = lost_change(report, ReportStatus.INFO_REQUESTED, 20)
    lost_change(report, ReportStatus.IN_REVIEW, 20)  # not a change the citizen is emailed about
    lost_change(report, ReportStatus.CLOSED, 1)  # its job may still be on its way
    lost_change(report, ReportStatus.REJECTED, 60 * 24 * 3)  # given up on

    assert sweep_status_emails() == 1
    (message,) = mail.outbox
    assert "We need more information" in message.subject
    lost.refresh_from_db()
    assert lost.emailed_at is not None
    assert sweep_status_emails() == 0
