"""The report forms' funnel: how many journeys reached each step, per form, language and day.

Aggregate counts only (``forms_app.funnel`` writes and reads them): no address, no browser, no
answer, nothing that tells one person from another."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FunnelStep(models.TextChoices):
    """The steps of a citizen's journey through a report form, in the order they come."""

    OPENED = "opened", _("Form opened")
    SCREENING_PASSED = "screening_passed", _("Screening questions passed")
    STOPPED = "stopped", _("Stopped by a screening question")
    SECTION_REACHED = "section_reached", _("Section of the form reached")
    SAVED = "saved", _("Saved to finish later")
    RESUMED = "resumed", _("Resumed from the emailed link")
    CHECK_REACHED = "check_reached", _("Check your answers reached")
    SENT = "sent", _("Report sent")


class FunnelCount(models.Model):
    """How many journeys reached ``step`` with ``page`` in ``language`` on ``day``.

    ``detail`` says which: the screening question's name (``ScreeningQuestion.name``) for
    "stopped", the section's number for "section reached", "" for the other steps. A "sent" row
    whose detail is ``forms_app.funnel.BY_OPENED_DAY`` counts the journeys sent within 48 hours
    by the day they were opened (and the page and language they were opened in): abandonment."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "forms_app.ReportFormPage", verbose_name=_("report form"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    day = models.DateField(_("day"))
    step = models.CharField(_("step"), max_length=20, choices=FunnelStep.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True, default="")
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("funnel count")
        verbose_name_plural = _("funnel counts")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "page", "language", "day", "step", "detail"], name="unique_funnel_count"
            )
        ]
        indexes = [models.Index(fields=["site", "day"], name="funnel_site_day")]

    def __str__(self):
        return f"{self.day} {self.step} {self.detail}: {self.count}".replace("  ", " ")
