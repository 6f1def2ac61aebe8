"""Emails to the citizen when their report's status changes, in their language."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from forms_app.models import ReportStatus
from forms_app.status import answer_deadline, status_url
from website.models import AgencySettings

# The changes the citizen is emailed about; the others show on their status page only.
EMAILED = frozenset(
    {
        ReportStatus.INFO_REQUESTED,
        ReportStatus.REJECTED,
        ReportStatus.EXPORTED,
        ReportStatus.CLOSED,
        ReportStatus.REFERRED,
    }
)

SUBJECTS = {
    ReportStatus.INFO_REQUESTED: gettext_noop("We need more information about your report %(reference)s"),
    ReportStatus.REJECTED: gettext_noop("Your report %(reference)s could not be accepted"),
    ReportStatus.EXPORTED: gettext_noop("Your report %(reference)s was accepted: case number %(case)s"),
    ReportStatus.CLOSED: gettext_noop("Your report %(reference)s was closed"),
    # Sent from, and about, the agency that has it now (the report has its new reference).
    ReportStatus.REFERRED: gettext_noop("Your report was sent to %(agency)s: your new reference is %(reference)s"),
}


def status_message(change):
    report = change.report
    with translation.override(report.language):
        agency = AgencySettings.for_site(report.site)
        context = {
            "report": report,
            "change": change,
            "agency": agency,
            "status_link": status_url(None, report),
            "deadline": answer_deadline(change) if change.status == ReportStatus.INFO_REQUESTED else None,
        }
        subject = _(SUBJECTS[change.status]) % {
            "reference": report.reference,
            "case": report.case_number,
            "agency": agency.name,
        }
        body = render_to_string("workflows/email/status_change.txt", context)
        from_email = agency.from_email
    return EmailMessage(subject=subject, body=body, from_email=from_email, to=[report.reporter_email])
