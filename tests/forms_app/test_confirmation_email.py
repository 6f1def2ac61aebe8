"""The citizen's confirmation email survives a lost job: sent at most once by a re-delivered job
(check-and-set under a row lock), and re-queued by a sweep when it was never sent."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from forms_app.models import Report
from forms_app.tasks import send_confirmation_email, sweep_confirmations
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def unsent_report(minutes_ago):
    report = make_report()  # its job is queued on commit, which a test never reaches
    Report.objects.filter(pk=report.pk).update(submit_time=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return report


def test_a_job_delivered_twice_sends_one_email():
    report = unsent_report(0)
    send_confirmation_email(report.pk)
    send_confirmation_email(report.pk)  # the broker delivered it again (a worker lost mid-task)
    assert len(mail.outbox) == 1
    report.refresh_from_db()
    assert report.confirmation_sent_at is not None


def test_citizen_emails_are_requeued_if_their_worker_is_lost():
    from rms_export.tasks import deliver
    from workflows.tasks import send_status_email

    for task in (send_confirmation_email, send_status_email, deliver):
        assert task.acks_late is True, task.name
        assert task.reject_on_worker_lost is True, task.name


def test_the_sweep_sends_confirmations_never_sent():
    lost = unsent_report(20)
    unsent_report(1)  # its job may still be on its way
    too_old = unsent_report(60 * 24 * 3)  # given up on
    sent = unsent_report(30)
    Report.objects.filter(pk=sent.pk).update(confirmation_sent_at=timezone.now())

    assert sweep_confirmations() == 1
    (message,) = mail.outbox
    assert lost.reference in message.subject
    assert Report.objects.filter(confirmation_sent_at__isnull=True).exclude(pk=too_old.pk).count() == 1


def test_a_swept_job_tries_once_and_leaves_a_failure_to_the_next_sweep(monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    report = unsent_report(20)
    assert sweep_confirmations() == 1  # no exception, no retries of its own
    report.refresh_from_db()
    assert report.confirmation_sent_at is None


@pytest.mark.django_db(transaction=True)
def test_a_job_finding_the_report_locked_by_another_sender_leaves_it_to_that_one():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from tests.conftest import seed_committed_demo

    seed_committed_demo()
    report = make_report()  # committed: its job ran (eagerly) and sent the confirmation
    Report.objects.filter(pk=report.pk).update(confirmation_sent_at=None)  # as if it had been lost
    mail.outbox.clear()
    locked, release = threading.Event(), threading.Event()

    def other_sender():  # holds the lock a sending job holds while the mail server answers
        try:
            with transaction.atomic():
                Report.objects.select_for_update().get(pk=report.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_sender)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        send_confirmation_email(report.pk)
        assert mail.outbox == []
    finally:
        release.set()
        thread.join(timeout=30)
    send_confirmation_email(report.pk)  # the other sender gave up without sending: this one sends
    assert len(mail.outbox) == 1
