"""Due times of human tasks, and the supervisors' daily digest of overdue ones."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from viewflow.workflow.status import STATUS

from website.models import AgencySettings

from .models import TaskDeadline

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def add_working_days(start, days):
    """``start`` plus ``days`` days that are not Saturday or Sunday, at the same time of day."""
    moment = timezone.localtime(start)
    while days > 0:
        moment += datetime.timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def supervisor_emails(site_id):
    """Addresses of the active supervisors of an agency, by the language each works in (the one
    in their Wagtail account settings, else the site's): ``{"en": [...], "fr": [...]}``."""
    # Supervisors by their right to approve (any agency's "... Supervisors" group gives it), not a group's name.
    members = (
        get_user_model()
        .objects.with_perm(
            "workflows.approve_report", include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_active=True, agency_memberships__site=site_id)
        .exclude(email="")
        .values_list("email", "wagtail_userprofile__preferred_language")
    )
    languages = dict(settings.LANGUAGES)
    by_language = {}
    for email, language in members:
        language = language if language in languages else settings.LANGUAGE_CODE
        by_language.setdefault(language, set()).add(email)
    return {language: sorted(emails) for language, emails in sorted(by_language.items())}


def set_deadline(activation):
    """``onCreate`` of every human task of the report flow."""
    report = activation.process.artifact
    days = report.incident_type.for_agency(report.site_id).days  # the agency's own number, if it set one
    TaskDeadline.objects.create(task=activation.task, due_at=add_working_days(activation.task.created, days))


def overdue(now=None):
    return (
        TaskDeadline.objects.filter(due_at__lt=now or timezone.now(), task__status__in=OPEN)
        .select_related("task__process", "task__owner")
        # The report is the process's generic "artifact": fetched for all rows at once, with its type.
        .prefetch_related("task__process__artifact__incident_type")
        .order_by("due_at")
    )


def send_overdue_digest(now=None):
    """One email per agency to its supervisors, listing that agency's overdue tasks. Returns
    the number of emails sent."""
    by_site = {}
    for deadline in overdue(now):
        report = deadline.task.process.artifact
        by_site.setdefault(report.site_id, []).append((deadline, report))
    sent = 0
    for site_id, rows in by_site.items():
        agency = AgencySettings.objects.filter(site_id=site_id).first()
        for language, recipients in supervisor_emails(site_id).items():
            with translation.override(language):
                body = render_to_string("workflows/email/overdue_digest.txt", {"rows": rows, "agency": agency})
                subject = ngettext(
                    "%(count)s overdue task on online reports", "%(count)s overdue tasks on online reports", len(rows)
                ) % {"count": len(rows)}
            EmailMessage(subject=subject, body=body, to=recipients).send()
            sent += 1
    return sent


def email_supervisors(report, error):
    """Tell the supervisors of the report's agency that its export to the RMS gave up."""
    sent = 0
    for language, recipients in supervisor_emails(report.site_id).items():
        with translation.override(language):
            subject = _("The export of report %(reference)s to the RMS failed") % {"reference": report.reference}
            body = render_to_string("workflows/email/export_failed.txt", {"report": report, "error": error})
        EmailMessage(subject=subject, body=body, to=recipients).send()
        sent += 1
    return sent
