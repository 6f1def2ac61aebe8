"""The review process of a report, the reasons staff may give for a rejection, and the
deadlines of its tasks. (Agency membership and the audit are ``website``'s.)"""

from django.db import models
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
    """Why a report cannot be accepted, as each agency's staff manage their list (a Wagtail snippet)."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("reason (staff)"), max_length=120)
    text_en = models.TextField(_("explanation to the citizen (English)"))
    text_fr = models.TextField(_("explanation to the citizen (French)"))
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("title"),
        FieldPanel("text_en"),
        FieldPanel("text_fr"),
        FieldPanel("active"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("rejection reason")

    def __str__(self):
        return self.title

    def text_for(self, language):
        return self.text_fr if (language or "").startswith("fr") else self.text_en


class TaskDeadline(models.Model):
    """When a review or approval task is due (working days per incident type)."""

    task = models.OneToOneField("viewflow.Task", on_delete=models.CASCADE, related_name="deadline")
    due_at = models.DateTimeField(_("due"), db_index=True)

    class Meta:
        verbose_name = _("task deadline")

    def __str__(self):
        return f"{self.task_id} due {self.due_at:%Y-%m-%d %H:%M}"
