"""One status path: the first history row and every later one are written by
``forms_app.history.change_status``, which announces each change after the commit; the citizen
is emailed about an explicit set of them."""

import pytest
from django.core import mail

from forms_app.history import change_status
from forms_app.models import ReportStatus
from forms_app.signals import status_changed
from tests.factories import make_report
from workflows.emails import EMAILED, SUBJECTS

pytestmark = pytest.mark.django_db


def test_every_status_the_citizen_is_emailed_about_has_a_subject():
    assert set(EMAILED) <= set(SUBJECTS)
    assert ReportStatus.IN_REVIEW not in EMAILED and ReportStatus.SUBMITTED not in EMAILED


def test_the_first_row_is_announced_like_every_other(django_capture_on_commit_callbacks):
    seen = []

    def listen(sender, change, **kwargs):
        seen.append(change.status)

    status_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = make_report()
        with django_capture_on_commit_callbacks(execute=True):
            change_status(report, ReportStatus.IN_REVIEW)
    finally:
        status_changed.disconnect(listen)
    assert seen == [ReportStatus.SUBMITTED, ReportStatus.IN_REVIEW]
    assert list(report.history.values_list("status", flat=True)) == seen


@pytest.mark.parametrize("status", list(ReportStatus))
def test_the_citizen_is_emailed_only_about_the_emailed_statuses(status, django_capture_on_commit_callbacks):
    report = make_report()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, status, public_message="Because.")
    assert len(mail.outbox) == (1 if status in EMAILED else 0)
