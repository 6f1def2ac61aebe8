"""The review process of a report, the reasons staff may give for a rejection, and the
deadlines of its tasks. (Agency membership and the audit are ``website``'s.)"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow import jsonstore
from viewflow.workflow.models import Process
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.search import index

from website.access import agency_sites, belongs_to_an_agency, is_member


class ReportProcess(Process):
    """A viewflow process whose artifact is the citizen's ``forms_app.Report``. The flow's state
    is typed (viewflow's jsonstore fields, kept in the process's ``data``), not free keys."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Send for approval")
        REQUEST_INFO = "request_info", _("Ask the citizen for more information")
        REJECT = "reject", _("Reject")
        REFER = "refer", _("Refer to another police service")

    review_decision = jsonstore.CharField(_("review decision"), max_length=16, choices=Decision.choices, blank=True)
    approved = jsonstore.BooleanField(_("approved"), default=False)
    export_requested = jsonstore.BooleanField(_("deliveries created"), default=False)
    # Why nothing could be sent (no active RMS destination): shown to staff until it is.
    export_error = jsonstore.TextField(_("export problem"), blank=True)
    # The RMS's refusal of the record, for the reviewer who corrects it.
    export_rejected = jsonstore.TextField(_("refused by the RMS"), blank=True)

    def __str__(self):
        """The report's reference ("DRPS-2026-000012"): how staff name a review."""
        report = self.artifact
        return report.reference if report is not None and report.reference else super().__str__()

    @property
    def waiting_for_destination(self):
        """Approved, but nothing could be sent: the agency had no active RMS destination, and
        none has been added since (``rms_export`` creates the delivery when one is)."""
        return bool(self.export_error) and not self.artifact.deliveries.exists()

    class Meta:
        proxy = True
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        permissions = [
            ("review_report", _("Can review online reports")),
            ("approve_report", _("Can approve online reports")),
        ]


class CallbackProcess(Process):
    """A supervisor's call to a citizen who scored their report's handling 1 or 2 and said why
    (``workflows.callback``). Its artifact is the report, as for the review: every agency check
    asks the report's agency."""

    survey_id = jsonstore.IntegerField(_("survey"), null=True)

    def __str__(self):
        report = self.artifact
        return report.reference if report is not None and report.reference else super().__str__()

    class Meta:
        proxy = True
        verbose_name = _("call-back")
        verbose_name_plural = _("call-backs")


class RejectionReason(index.Indexed, models.Model):
    """Why a report cannot be accepted, as each agency's staff manage their list (a Wagtail snippet)."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("reason (staff)"), max_length=120)
    text_en = models.TextField(_("explanation to the citizen (English)"))
    text_fr = models.TextField(_("explanation to the citizen (French)"))
    active = models.BooleanField(_("active"), default=True)

    panel_fields = ["site", "title", "text_en", "text_fr", "active"]  # the admin's form (wagtail_hooks)
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


class AgencySitePermissionPolicy(SitePermissionPolicy):
    """Wagtail's per-site setting permission, and the agency rule (website/access.py): a member of
    staff whose role may change the setting (a model permission of their group) changes only
    their own agencies' (sites'); superusers every agency's."""

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, actions) and belongs_to_an_agency(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        site_id = instance.pk if isinstance(instance, Site) else getattr(instance, self.site_fk_field_name)
        return super().user_has_any_permission_for_instance(user, actions, instance) and is_member(user, site_id)

    def sites_user_has_any_permission_for(self, user, actions):
        return super().sites_user_has_any_permission_for(user, actions).filter(pk__in=agency_sites(user))


@register_setting(icon="table")
class EvaluationSettings(BaseSiteSetting):
    """The constants of an agency's evaluation figures (``workflows.evaluation``), kept by its
    supervisors."""

    target_working_days = models.PositiveSmallIntegerField(
        _("target, in working days"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "The share of reports reviewed, decided and given a case number within this many working days "
            "(weekends and Ontario holidays not counted) is shown."
        ),
    )
    minutes_per_report = models.PositiveSmallIntegerField(
        _("officer minutes saved per report"),
        default=45,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("An officer takes a report in about 60 minutes; one sent online takes about 15 to review."),
    )
    cost_per_report = models.DecimalField(
        _("cost avoided per report ($)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("55.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What one report taken by an officer costs the agency, in dollars."),
    )
    survey_delay_days = models.PositiveSmallIntegerField(
        _("days before the satisfaction survey"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_("How many days after a report closes the citizen is asked about it."),
    )

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def get_permission_policy(cls):
        return AgencySitePermissionPolicy(cls)


class MonthlyReportTotal(models.Model):
    """How many reports an agency took in a month by every means (online, by phone, at the
    front desk, by officers), as its staff enter or import it: the online share is worked out from it."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    total = models.PositiveIntegerField(_("reports taken, all means"))

    class Meta:
        ordering = ["site", "month"]
        verbose_name = _("reports taken in a month")
        verbose_name_plural = _("reports taken per month")
        constraints = [models.UniqueConstraint(fields=["site", "month"], name="one_total_per_agency_and_month")]

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.total}"

    def clean(self):
        super().clean()
        if self.month is not None and self.month.day != 1:
            raise ValidationError({"month": _("Enter the first day of the month.")})
