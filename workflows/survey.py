"""The satisfaction survey's side of the workflow: it is scheduled when a report closes (case
number sent, not accepted, or closed for no answer), emailed in the citizen's language after the
agency's delay by a periodic job, and a low score with a comment gives the agency's supervisors a
task to call the citizen back (``CallbackFlow``)."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forms_app.models import ReportStatus, Survey
from forms_app.survey import survey_url
from website.models import AgencySettings

logger = logging.getLogger(__name__)

# How a report closes: each gets one survey.
CLOSING = frozenset({ReportStatus.EXPORTED, ReportStatus.REJECTED, ReportStatus.CLOSED})
# At most this many surveys are sent by one run of the job; the next run sends the rest.
BATCH = 200


def survey_delay(site):
    """How long after a report closes its survey is sent: the agency's evaluation settings say."""
    from .models import EvaluationSettings

    return datetime.timedelta(days=EvaluationSettings.for_site(site).survey_delay_days)


def schedule_survey(change):
    """The report of ``change`` has just closed: its survey, sent after the delay (once: a
    report closed again, say after an RMS correction, keeps its first)."""
    report = change.report
    survey, _created = Survey.objects.get_or_create(
        report=report, defaults={"outcome": change.status, "due_at": change.at + survey_delay(report.site)}
    )
    return survey


def survey_message(survey):
    report = survey.report
    with translation.override(report.language):
        agency = AgencySettings.for_site(report.site)
        context = {
            "report": report,
            "agency": agency,
            "survey_link": survey_url(survey),
            "link_days": settings.REPORT_SURVEY_LINK_DAYS,
        }
        subject = _("How did we do with your report %(reference)s?") % {"reference": report.reference}
        body = render_to_string("workflows/email/survey.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=agency.from_email, to=[report.reporter_email])


def send_due_surveys(now=None):
    """Email every survey that is due and not sent, each under its row lock (two runs at once
    never send one twice); a mail server failure leaves it for the next run. Returns how many
    were sent."""
    from website.jobs import EMAIL_ERRORS

    now = now or timezone.now()
    sent = 0
    due = Survey.objects.filter(sent_at__isnull=True, due_at__lte=now).order_by("due_at").values_list("pk", flat=True)
    for pk in list(due[:BATCH]):
        with transaction.atomic():
            survey = (
                Survey.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("report__site", "report__page")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if survey is None:
                continue
            try:
                survey_message(survey).send()
            except EMAIL_ERRORS:
                logger.warning(
                    "Survey of report %s not sent; the next run tries again", survey.report_id, exc_info=True
                )
                continue
            Survey.objects.filter(pk=pk).update(sent_at=timezone.now())
            sent += 1
    return sent
