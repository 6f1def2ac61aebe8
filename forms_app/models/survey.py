"""The follow-up question a citizen gets once their report is closed: how satisfied they are,
whether they understood what happens next, and a comment. Sent once, answered once."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reports import Report, ReportStatus

MAX_COMMENT_LENGTH = 1000
# A score this low, with a comment, makes a supervisor's task to call the citizen back.
CALL_BACK_AT_OR_BELOW = 2


class Survey(models.Model):
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="survey", verbose_name=_("report"))
    # How the report closed: case number issued, not accepted, or closed for no answer.
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReportStatus.choices)
    created = models.DateTimeField(_("created"), default=timezone.now)
    due_at = models.DateTimeField(_("to be sent"), db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("satisfaction"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    understood = models.BooleanField(_("understood what happens next"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH, blank=True)
    # The supervisor's call back, when a low score with a comment asked for one.
    called_back_at = models.DateTimeField(_("called back"), null=True, blank=True)
    call_back_note = models.TextField(_("call-back note"), blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self):
        return f"{self.report.reference}: {self.score or '-'}"

    @property
    def answered(self):
        return self.answered_at is not None

    @property
    def wants_call_back(self):
        return self.score is not None and self.score <= CALL_BACK_AT_OR_BELOW and bool(self.comment.strip())
