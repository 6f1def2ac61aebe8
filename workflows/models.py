"""The review process of a report, the reasons staff may give for a rejection, and the audit
trail of every access to a report."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ReportProcess(Process):
    """A viewflow process whose artifact is the citizen's ``forms_app.Report``."""

    class Meta:
        proxy = True
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        permissions = [
            ("review_report", _("Can review online reports")),
            ("approve_report", _("Can approve online reports")),
        ]


class RejectionReason(index.Indexed, models.Model):
    """Why a report cannot be accepted, as staff manage the list (a Wagtail snippet)."""

    title = models.CharField(_("reason (staff)"), max_length=120)
    text_en = models.TextField(_("explanation to the citizen (English)"))
    text_fr = models.TextField(_("explanation to the citizen (French)"))
    active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("title"), FieldPanel("text_en"), FieldPanel("text_fr"), FieldPanel("active")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("rejection reason")

    def __str__(self):
        return self.title

    def text_for(self, language):
        return self.text_fr if (language or "").startswith("fr") else self.text_en


class AuditEvent(models.Model):
    """Who saw or did what to a report, when, from where. Appended, never changed or deleted."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the report")
        DOWNLOAD = "download", _("Downloaded an attachment")
        CLAIM = "claim", _("Claimed a task")
        RELEASE = "release", _("Released a task")
        REASSIGN = "reassign", _("Gave a task to someone else")
        DECIDE = "decide", _("Made a decision")
        DENIED = "denied", _("Was refused access")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        "forms_app.Report", verbose_name=_("report"), null=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=64, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("audit event")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.report_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are never deleted")


class AgencyMembership(models.Model):
    """The agencies (Wagtail sites) a member of staff works for: they see only those reports."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="agency_memberships"
    )
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("agency membership")
        constraints = [models.UniqueConstraint(fields=["user", "site"], name="unique_agency_membership")]

    def __str__(self):
        return f"{self.user} @ {self.site}"


class TaskDeadline(models.Model):
    """When a review or approval task is due (working days per incident type)."""

    task = models.OneToOneField("viewflow.Task", on_delete=models.CASCADE, related_name="deadline")
    due_at = models.DateTimeField(_("due"), db_index=True)

    class Meta:
        verbose_name = _("task deadline")

    def __str__(self):
        return f"{self.task_id} due {self.due_at:%Y-%m-%d %H:%M}"
