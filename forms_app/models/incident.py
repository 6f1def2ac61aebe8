from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class PropertyStatus(models.TextChoices):
    """What happened to the property of this kind of incident (NIEM ItemStatus)."""

    STOLEN = "STOLEN", _("Stolen")
    DAMAGED = "DAMAGED", _("Damaged")
    LOST = "LOST", _("Lost")
    NONE = "", _("No property involved")


class IncidentTypeQuerySet(models.QuerySet):
    def usable_by(self, site_id):
        """The types a form or a report of the agency ``site_id`` may have: its own and the
        install-wide ones."""
        return self.filter(models.Q(site__isnull=True) | models.Q(site_id=site_id))


class IncidentType(index.Indexed, models.Model):
    """A kind of incident the public may report online (a Wagtail snippet).

    A type belongs to one agency (its communications staff keep it) or, with no agency, to the
    whole install: every agency's forms may use it, and only an administrator changes it, so
    that one agency's change never alters another's forms and reports."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("agency site"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every agency on this install may use it, and only an administrator can change it."),
    )
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        error_messages={"unique": _("Another incident type on this install has this code: choose another.")},
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9_-]*$", _("Use capital letters, digits, - and _."))],
        help_text=_("A short, stable identifier, e.g. THEFT-UNDER."),
    )
    name = models.CharField(_("name"), max_length=120)
    name_fr = models.CharField(
        _("name in French"), max_length=120, blank=True, help_text=_("For staff working in French.")
    )
    description = models.TextField(_("description"), blank=True)
    ucr_code = models.CharField(
        _("UCR violation code"),
        max_length=8,
        validators=[RegexValidator(r"^[0-9]{4}$", _("A UCR violation code has four digits, e.g. 2140."))],
    )
    rms_occurrence_type = models.CharField(_("RMS occurrence type"), max_length=64)
    property_status = models.CharField(
        _("property status"), max_length=8, choices=PropertyStatus.choices, blank=True, default=PropertyStatus.NONE
    )
    property_value_limit = models.DecimalField(
        _("property value limit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Losses above this amount cannot be reported online. Empty: no limit."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Only active types can be reported."))
    review_days = models.PositiveSmallIntegerField(
        _("days to act on a task"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("Working days (Monday to Friday) staff have for each review or approval task."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site"),
                FieldPanel("code"),
                FieldPanel("name"),
                FieldPanel("name_fr"),
                FieldPanel("description"),
            ],
            heading=_("Incident"),
        ),
        MultiFieldPanel(
            [FieldPanel("ucr_code"), FieldPanel("rms_occurrence_type"), FieldPanel("property_status")],
            heading=_("RMS"),
        ),
        FieldPanel("property_value_limit"),
        FieldPanel("review_days"),
        FieldPanel("active"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("code"), index.AutocompleteField("name")]

    objects = IncidentTypeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("incident type")
        verbose_name_plural = _("incident types")

    def __str__(self):
        """Its name in the language being used (the staff member's)."""
        if self.name_fr and translation.get_language() == "fr":
            return self.name_fr
        return self.name
