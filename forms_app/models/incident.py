from django.core.exceptions import ValidationError
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
        install-wide ones it has not switched off."""
        switched_off = AgencyIncidentType.objects.filter(site_id=site_id, active=False).values("incident_type")
        return self.filter(models.Q(site_id=site_id) | models.Q(site__isnull=True) & ~models.Q(pk__in=switched_off))


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

    def for_agency(self, site_id):
        """This type as the agency ``site_id`` uses it: its own settings of an install-wide type
        (value limit, days, French name, switched off) over the type's."""
        if self.site_id is not None:
            return AgencyIncidentType(site_id=site_id, incident_type=self)
        found = AgencyIncidentType.objects.filter(site_id=site_id, incident_type=self).first()
        return found or AgencyIncidentType(site_id=site_id, incident_type=self)


class AgencyIncidentType(models.Model):
    """An agency's settings of an install-wide incident type (a Wagtail snippet, kept by the
    agency's communications staff): it may switch the type off for its forms, and set its own
    value limit, days to act and French name. No row: the type as the install defines it."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE, related_name="+"
    )
    incident_type = models.ForeignKey(
        IncidentType,
        verbose_name=_("incident type"),
        on_delete=models.CASCADE,
        related_name="agency_settings",
        limit_choices_to={"site__isnull": True},
        help_text=_("An incident type of every agency on this install."),
    )
    active = models.BooleanField(
        _("offered by this agency"), default=True, help_text=_("Untick to stop this agency's forms using it.")
    )
    property_value_limit = models.DecimalField(
        _("property value limit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty: the install's limit for this type."),
    )
    review_days = models.PositiveSmallIntegerField(
        _("days to act on a task"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: the install's number of working days for this type."),
    )
    name_fr = models.CharField(
        _("name in French"), max_length=120, blank=True, help_text=_("Empty: the install's French name.")
    )

    panel_fields = ["site", "incident_type", "active", "property_value_limit", "review_days", "name_fr"]

    class Meta:
        verbose_name = _("agency's incident type setting")
        verbose_name_plural = _("agencies' incident type settings")
        ordering = ["incident_type__name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "incident_type"], name="forms_app_one_setting_per_agency_and_type")
        ]

    def __str__(self):
        return str(self.incident_type)

    def clean(self):
        super().clean()
        if self.incident_type_id and self.incident_type.site_id is not None:
            raise ValidationError({"incident_type": _("This type is an agency's own: change it under Incident types.")})

    @property
    def value_limit(self):
        """The loss above which the agency's forms send people elsewhere (None: no limit)."""
        if self.property_value_limit is not None:
            return self.property_value_limit
        return self.incident_type.property_value_limit

    @property
    def days(self):
        return self.review_days or self.incident_type.review_days

    def name(self):
        """The type's name for the agency's staff, in the language being used."""
        if translation.get_language() == "fr" and self.name_fr:
            return self.name_fr
        return str(self.incident_type)

    @property
    def offered(self):
        return self.active and self.incident_type.active
