"""A report's answers, read one way: the field types a form can have, and one answer as the
report keeps it (``Report.answers()``). The staff screen, the email, the PDF, the canonical
record and the analysts' export all read answers through it, never ``form_data`` itself."""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldType(models.TextChoices):
    """Wagtail's own form field types (``FORM_FIELD_CHOICES``, same ids), then ours. The builder
    makes each with its ``create_<id>_field`` method."""

    SINGLELINE = "singleline", _("Single line text")
    MULTILINE = "multiline", _("Multi-line text")
    EMAIL = "email", _("Email")
    NUMBER = "number", _("Number")
    URL = "url", _("URL")
    CHECKBOX = "checkbox", _("Checkbox")
    CHECKBOXES = "checkboxes", _("Checkboxes")
    DROPDOWN = "dropdown", _("Drop down")
    MULTISELECT = "multiselect", _("Multiple select")
    RADIO = "radio", _("Radio buttons")
    DATE = "date", _("Date")
    DATETIME = "datetime", _("Date/time")
    HIDDEN = "hidden", _("Hidden field")
    TIME = "time", _("Time")
    POSTAL_CODE = "postal_code", _("Canadian postal code")
    MONEY = "money", _("Money amount")
    PHONE = "phone", _("Phone number")
    UPLOAD = "upload", _("File or photo upload")
    PROPERTY = "property", _("Property items (repeatable group)")
    # Where it happened, picked from the agency's address register (``website.Address``), or
    # typed when it is not there; its answer is a dict (``forms_app.fields.AddressField``).
    ADDRESS = "address", _("Address (from the agency's address list)")
    # No question: where a new section (a step of its own) begins. Its label is the section's
    # title, its help text the section's introduction (``forms_app.sections``).
    SECTION = "section", _("Section break")


EMPTY = (None, "", [])


@dataclass(frozen=True)
class ReportAnswer:
    """One answer, with its field as it was when the report was sent (``Report.field_snapshot``).

    ``value`` is as stored (JSON): dates and times as ISO text, amounts as decimal text, uploads
    as attachment ids, property items as dicts. ``element`` is the RMS element, "" if unmapped."""

    name: str
    label: str
    type: FieldType
    element: str
    value: Any

    @property
    def is_mapped(self):
        return bool(self.element)

    @property
    def is_empty(self):
        return self.value in EMPTY
