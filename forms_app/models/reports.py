"""What a citizen sends: the report, its files, its notes and its history."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import AbstractFormSubmission

from ..answers import FieldType, ReportAnswer
from ..uploads import download_name, get_private_storage, private_upload_path, safe_display_name


class ReportStatus(models.TextChoices):
    """Where a report stands. Changed only through ``forms_app.history.change_status``."""

    SUBMITTED = "submitted", _("Received")
    IN_REVIEW = "in_review", _("Being reviewed")
    INFO_REQUESTED = "info_requested", _("More information requested")
    APPROVED = "approved", _("Accepted")
    EXPORTED = "exported", _("Accepted: case number issued")
    REJECTED = "rejected", _("Not accepted")
    CLOSED = "closed", _("Closed")
    # Referred to the police service that serves where it happened, which reviews it now.
    REFERRED = "referred", _("Sent to another police service")


OPEN_STATUSES = {
    ReportStatus.SUBMITTED,
    ReportStatus.IN_REVIEW,
    ReportStatus.INFO_REQUESTED,
    ReportStatus.APPROVED,
    ReportStatus.REFERRED,
}


class Report(AbstractFormSubmission):
    """A citizen's report: the stock Wagtail submission plus what police work needs typed."""

    reference = models.CharField(_("reference number"), max_length=32, unique=True)
    submission_token = models.UUIDField(_("submission token"), unique=True, default=uuid.uuid4, editable=False)
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.PROTECT)
    incident_type = models.ForeignKey(
        "forms_app.IncidentType", verbose_name=_("incident type"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED, db_index=True
    )
    language = models.CharField(_("language"), max_length=8)
    reporter_email = models.EmailField(_("reporter's email"))
    occurred_from = models.DateTimeField(_("occurred from"), null=True, blank=True)
    occurred_to = models.DateTimeField(_("occurred to"), null=True, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    # Where it happened as a point (WGS 84), when the citizen chose an address of the agency's
    # register (``website.Address``; its register identifier kept, the register may change).
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    address_source_id = models.CharField(_("address register identifier"), max_length=64, blank=True)
    screening_answers = models.JSONField(_("screening answers"), default=list, blank=True)
    # The form's fields as they were when the report was sent: label, type and RMS element by
    # name, so that later edits of the form never change what an old report means.
    field_snapshot = models.JSONField(_("form fields"), default=list, blank=True)
    case_number = models.CharField(_("RMS case number"), max_length=64, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation emailed"), null=True, blank=True)
    # The address the citizen sent it from (scheme, host, port): every link emailed about it,
    # the staff's decisions included, goes there. Empty for reports made before it was kept.
    site_address = models.CharField(_("address sent from"), max_length=255, blank=True, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-submit_time"]
        indexes = [
            models.Index(fields=["site", "status", "-submit_time"]),
            models.Index(fields=["site", "latitude", "longitude"], name="report_site_point"),
        ]

    def incident_type_name(self):
        """The report's incident type as its agency names it, in the staff's language."""
        return self.incident_type.for_agency(self.site_id).name()

    def __str__(self):
        return self.reference

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def audit_events(self):
        """Who saw and did what to this report (``website``'s append-only audit)."""
        from website.models import AuditEvent

        return AuditEvent.objects.about(self)

    def answers(self):
        """Every answer, in the form's order, with its field as it was when the report was sent."""
        stored = self.form_data or {}
        return [
            ReportAnswer(
                name=field["name"],
                label=field["label"],
                type=FieldType(field["type"]),
                element=field.get("element") or "",
                value=stored.get(field["name"]),
            )
            for field in self.field_snapshot
        ]

    def answer_for(self, element):
        """The answer mapped to RMS ``element``, or None when the form did not ask for it."""
        return next((a for a in self.answers() if a.element == element), None)


class PreviousReference(models.Model):
    """A reference number the report had at an agency it was referred from (``forms_app.referral``).
    The citizen's older status link, which names it, still opens the report, and staff of the
    agency it went to find the report by it. Never reused: each agency's prefix is its own."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="previous_references")
    reference = models.CharField(_("reference number"), max_length=32, unique=True)
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.PROTECT, related_name="+"
    )
    until = models.DateTimeField(_("referred"), default=timezone.now)

    class Meta:
        ordering = ["until", "pk"]
        verbose_name = _("previous reference number")

    def __str__(self):
        return self.reference


class ReportStatusChange(models.Model):
    """One step of a report's history, appended and never edited. No staff names: citizens read it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(_("time"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices)
    public_message = models.TextField(_("message to the citizen"), blank=True)
    # For staff only: who decided and why. Never shown on the citizen's status page.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("internal note"), blank=True)
    # When the citizen was emailed about this change (for the changes they are emailed about):
    # a job delivered twice sends once, and a sweep sends those a lost job never sent.
    emailed_at = models.DateTimeField(_("citizen emailed"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")

    def __str__(self):
        return f"{self.report_id} {self.status} {self.at:%Y-%m-%d %H:%M}"


class SupplementalNote(models.Model):
    """Something the citizen added after sending, from the status page."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    created = models.DateTimeField(_("created"), default=timezone.now)
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("supplemental note")

    def __str__(self):
        return f"{self.report_id} {self.created:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """An uploaded file, in private storage. Staged (no report yet) while the citizen fills in the form."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments", null=True, blank=True)
    note = models.ForeignKey(
        SupplementalNote, on_delete=models.SET_NULL, related_name="attachments", null=True, blank=True
    )
    draft_key = models.CharField(_("draft"), max_length=64, blank=True, db_index=True)
    field_name = models.CharField(_("form field"), max_length=255, blank=True)
    file = models.FileField(_("file"), storage=get_private_storage, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")

    def __str__(self):
        return self.original_name

    @property
    def download_name(self):
        """The citizen's name for the file, with the extension of its real type."""
        return download_name(self.original_name, self.content_type)

    @classmethod
    def store(cls, upload, content_type, *, draft_key="", field_name, report=None, note=None):
        """Keep a checked upload in private storage under a random name; the citizen's file name
        is only displayed."""
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = cls(
            report=report,
            note=note,
            draft_key=draft_key,
            field_name=field_name,
            original_name=safe_display_name(upload.name),
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
        )
        attachment.file.save(private_upload_path(content_type), upload, save=False)
        attachment.save()
        return attachment


class ReferenceSequence(models.Model):
    """The last reference number given per prefix and year; rows are locked while one is taken."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_sequence")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_value}"
