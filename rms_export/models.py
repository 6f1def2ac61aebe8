"""Where approved reports go (destinations, per agency), and the outbox of deliveries."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def format_choices():
    """The registered export formats (``rms_export.formats.registry``)."""
    from .formats import registry

    return registry.choices()


def transport_choices():
    """The registered transports (``rms_export.transports.registry``)."""
    from .transports import registry

    return registry.choices()


class Destination(models.Model):
    """An RMS endpoint of one agency: a transport, a format and the transport's options."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100)
    # Choices as callables: read from the registries, so a new plugin is no migration.
    transport = models.CharField(_("transport"), max_length=32, choices=transport_choices)
    format = models.CharField(_("format"), max_length=8, choices=format_choices, default="xml2")
    options = models.JSONField(
        _("options"),
        default=dict,
        blank=True,
        help_text=_(
            'HTTPS: {"url": "https://rms.example/incidents"}; directory: {"path": "/srv/rms/inbox"}. '
            'Any transport: {"max_mb": 50}, the largest document (with its files) the RMS takes.'
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("RMS destination")

    def __str__(self):
        return f"{self.name} ({self.transport}, {self.format})"

    def clean(self):
        from .transports import registry

        if self.transport not in registry:
            return  # refused by the field's choices
        max_mb = (self.options or {}).get("max_mb")
        if max_mb is not None and (isinstance(max_mb, bool) or not isinstance(max_mb, int | float) or max_mb <= 0):
            raise ValidationError({"options": _("The option max_mb is a number of megabytes above 0.")})
        for needed in registry.get(self.transport).required_options:
            if not (self.options or {}).get(needed):
                raise ValidationError({"options": _("This transport needs the option %(name)s.") % {"name": needed}})

    @property
    def max_payload_mb(self):
        """The largest document this destination takes, in MB: its ``max_mb`` option, else
        ``RMS_MAX_PAYLOAD_MB``."""
        return float((self.options or {}).get("max_mb") or settings.RMS_MAX_PAYLOAD_MB)

    def make_transport(self):
        from .transports import registry

        return registry.get(self.transport)(self.options)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    DELIVERED = "delivered", _("Delivered")
    REJECTED = "rejected", _("Refused by the RMS")
    FAILED = "failed", _("Gave up after retries")


class Delivery(models.Model):
    """One report for one destination: sent at least once, recorded exactly once."""

    report = models.ForeignKey("forms_app.Report", on_delete=models.PROTECT, related_name="deliveries")
    destination = models.ForeignKey(Destination, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    case_number = models.CharField(_("RMS case number"), max_length=64, blank=True)
    payload = models.TextField(_("payload sent"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["report", "destination"], name="one_delivery_per_destination")]

    def __str__(self):
        return f"{self.report.reference} → {self.destination.name}"

    def problem(self):
        """What happened, in words (rms_export.explain)."""
        from .explain import explain

        return explain(self)

    problem.short_description = _("what happened")

    @property
    def idempotency_key(self):
        return self.report.reference
