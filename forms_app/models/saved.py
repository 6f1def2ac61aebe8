"""A citizen's report in progress, saved to finish later from an emailed link."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedDraft(models.Model):
    """What the citizen had given (answers, screening, the step they were on) and the key of
    their staged files, kept until they open the link, send the report, or it expires.

    The link's token is kept only as its SHA-256 (``token_hash``): the database alone cannot
    make a working link. One saved draft per session draft (``upload_key``): saving again
    replaces the token, so the link sent before stops working."""

    page = models.ForeignKey("forms_app.ReportFormPage", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("email address"))
    language = models.CharField(max_length=8)
    answers = models.JSONField(default=dict, blank=True)
    screening = models.JSONField(default=list, blank=True)
    # The step to come back to: a route of the form page and, for a step in parts, its number.
    step_route = models.CharField(max_length=32)
    step_section = models.PositiveSmallIntegerField(null=True, blank=True)
    sections = models.JSONField(default=dict, blank=True)  # which sections were finished
    # The funnel's note of this journey (when it was opened, the steps already counted:
    # ``forms_app.funnel``), so that a journey resumed in another browser is counted once.
    journey = models.JSONField(default=dict, blank=True)
    upload_key = models.CharField(max_length=64, unique=True)
    saved_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("saved report in progress")

    def __str__(self):
        return f"saved draft {self.pk}"
