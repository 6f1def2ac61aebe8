"""The citizen's status page, reached only through the signed, expiring link we email them.

The link carries the report's reference signed with the site's secret key and the time it was
made; there is no guessable id. A changed link or an old one gets a page that says so.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from website.security import camera_allowed

from . import uploads
from .fields import UploadField
from .models import Attachment, Report, ReportStatus, SupplementalNote
from .signals import information_supplied

SALT = "openreport.report-status"
PLACEHOLDER_SITE = ("localhost", 80)
MAX_NOTE_FILES = 5


def status_token(report):
    return signing.dumps({"r": report.reference}, salt=SALT, compress=True)


def site_base_url(site, request=None):
    """The address citizens reach ``site`` at, for links we send them: that of ``request`` when
    it came to this very site (the server's real host and port, whatever the Site says), else
    the Site's hostname and port, or ``WAGTAILADMIN_BASE_URL`` while the Site still has
    Wagtail's placeholder (localhost, port 80)."""
    if request is not None:
        found = Site.find_for_request(request)
        if found is not None and found.pk == site.pk:
            return f"{request.scheme}://{request.get_host()}"
    if (site.hostname, site.port) == PLACEHOLDER_SITE:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return site.root_url


def status_url(request, report, *, base_url=""):
    """The status page's full address: on ``base_url`` when given, else on the address the
    report was sent from (kept on the report: a status email sent when staff decide links
    where the citizen came from, not where the staff screen is), else on ``site_base_url``."""
    path = reverse("report_status", args=[status_token(report)])
    return (base_url or report.site_address or site_base_url(report.site, request)) + path


def report_for_token(token):
    """The report, or raises ``signing.SignatureExpired`` / ``signing.BadSignature``."""
    data = signing.loads(token, salt=SALT, max_age=settings.REPORT_STATUS_LINK_DAYS * 24 * 3600)
    reports = Report.objects.select_related("incident_type", "site")
    report = reports.filter(reference=data.get("r")).first()
    if report is None:
        # A link made before the report was referred to another agency names its old number.
        report = reports.filter(previous_references__reference=data.get("r")).first()
    if report is None:
        raise signing.BadSignature("no such report")
    return report


def expired_reports_site_id(token):
    """The agency (site id) of the report an expired, genuine link was made for (None: none)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return Report.objects.filter(reference=data.get("r")).values_list("site_id", flat=True).first()


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Add information to your report"),
        help_text=gettext_lazy("For example something you remembered, a serial number, or a receipt."),
        widget=forms.Textarea(attrs={"rows": 5, "aria-describedby": "id_text_helptext"}),
        max_length=5000,
        required=False,
    )
    files = UploadField(
        label=gettext_lazy("Add photos or documents (optional)"),
        max_bytes=uploads.DEFAULT_MAX_BYTES,
        max_files=MAX_NOTE_FILES,
        required=False,
    )

    def __init__(self, *args, answering=False, **kwargs):
        """``answering``: the citizen answers staff's question, so the answer box is required."""
        super().__init__(*args, **kwargs)
        self.answering = answering
        if answering:
            text = self.fields["text"]
            text.label = gettext_lazy("Your answer")
            text.help_text = gettext_lazy("You can also add photos or documents below.")
            text.required = True
            text.error_messages["required"] = gettext_lazy("Enter your answer to our question")

    def clean(self):
        cleaned = super().clean()
        files = self.files.getlist("files") if self.files else []
        checked = []
        try:
            uploads.validate_upload_count(files, max_files=MAX_NOTE_FILES)
            for upload in files:
                checked.append((upload, uploads.validate_upload(upload)))
        except ValidationError as error:
            self.add_error("files", error)
        cleaned["checked_files"] = checked
        if not self.answering and not cleaned.get("text") and not files:
            raise ValidationError(_("Write a note or choose a file to add."))
        return cleaned


@never_cache
@camera_allowed
def report_status(request, token):
    site = Site.find_for_request(request)
    not_found = TemplateResponse(request, "forms_app/status_link_invalid.html", {"expired": False}, status=404)
    try:
        report = report_for_token(token)
    except signing.SignatureExpired:
        # Said to have expired only on its own agency's site: elsewhere, as unknown as any link.
        if site is None or expired_reports_site_id(token) != site.pk:
            return not_found
        return TemplateResponse(request, "forms_app/status_link_invalid.html", {"expired": True}, status=410)
    except signing.BadSignature:
        return not_found
    if site is not None and site.pk != report.site_id and report.previous_references.filter(site=site).exists():
        # Referred since to the service that serves where it happened: its site shows it now.
        return redirect(status_url(request, report))
    if site is None or site.pk != report.site_id:
        # A link of one police service opens only on that service's site, never on another's.
        return not_found

    question = open_question(report)
    form = NoteForm(answering=question is not None)
    if request.method == "POST" and report.is_open:
        form = NoteForm(request.POST, request.FILES, answering=question is not None)
        if form.is_valid():
            add_note(report, form.cleaned_data["text"], form.cleaned_data["checked_files"])
            messages.success(request, _("Thank you. What you added is now part of your report."))
            return redirect(request.path)
    return TemplateResponse(
        request,
        "forms_app/report_status.html",
        {
            "report": report,
            "history": citizen_history(report, question),
            "notes": report.notes.prefetch_related("attachments"),
            "form": form if report.is_open else None,
            "question": question,
            "deadline": answer_deadline(question) if question else None,
        },
    )


def citizen_history(report, question=None):
    """The report's history as the citizen reads it: a step that repeats the one before it
    (e.g. back to "Being reviewed" after a second look) with nothing new to say is left out.
    The open ``question``'s step is listed without its message, which the page shows once, above
    the answer box (``show_message`` says whether to write a step's message)."""
    shown = []
    for change in report.history.all():
        if shown and change.status == shown[-1].status and not change.public_message:
            continue
        change.show_message = bool(change.public_message) and change != question
        shown.append(change)
    return shown


def open_question(report):
    """Staff's question (its history row), while the report waits for the citizen's answer, else None."""
    if report.status != ReportStatus.INFO_REQUESTED:
        return None
    return report.history.filter(status=ReportStatus.INFO_REQUESTED).order_by("-at", "-pk").first()


def answer_deadline(change):
    """The last whole day to answer the question asked in ``change``, as a local date: the
    workflow closes the report ``REPORT_INFO_REQUEST_DAYS`` after the question, at the time of
    day it was asked, so the day before that is the last one the citizen has in full."""
    closes = change.at + datetime.timedelta(days=settings.REPORT_INFO_REQUEST_DAYS)
    return timezone.localdate(closes) - datetime.timedelta(days=1)


def add_note(report, text, checked_files):
    with transaction.atomic():
        note = SupplementalNote.objects.create(report=report, text=text)
        for upload, content_type in checked_files:
            Attachment.store(upload, content_type, field_name="supplemental", report=report, note=note)
        if report.status == ReportStatus.INFO_REQUESTED:
            # The answer to staff's question: the review resumes (in this transaction).
            information_supplied.send(sender=Report, report=report, note=note)
    return note
