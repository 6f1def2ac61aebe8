"""The canonical report: the elements a form field can fill, and the function that builds
the canonical report dict from a submission. ``rms_export`` renders that dict (XML, JSON);
it never reads form fields itself.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

SCHEMA = "openreport.incident/1.0"
# Version 2: the record with its files, the citizen's later notes and the requests for information.
SCHEMA_V2 = "openreport.incident/2.0"
# Versions 1.1 and 2.1: 1.0 and 2.0, plus where it happened as a point and the address register's
# id (an "Address" question, ``Element.LOCATION_ADDRESS``).
SCHEMA_V1_1 = "openreport.incident/1.1"
SCHEMA_V2_1 = "openreport.incident/2.1"
WITH_POINT = {SCHEMA_V1_1, SCHEMA_V2_1}


class Element(models.TextChoices):
    OCCURRED_FROM = "occurred_from", _("Occurred from: date (or date and time)")
    OCCURRED_FROM_TIME = "occurred_from_time", _("Occurred from: time")
    OCCURRED_TO = "occurred_to", _("Occurred to: date (or date and time)")
    OCCURRED_TO_TIME = "occurred_to_time", _("Occurred to: time")
    LOCATION_STREET = "location_street", _("Location: street address")
    LOCATION_MUNICIPALITY = "location_municipality", _("Location: municipality")
    LOCATION_POSTAL_CODE = "location_postal_code", _("Location: postal code")
    LOCATION_DESCRIPTION = "location_description", _("Location: description (e.g. parking lot)")
    # An "Address" question: the street, municipality, postal code, point and register id at once.
    LOCATION_ADDRESS = "location_address", _("Location: address (from the register)")
    REPORTER_FIRST_NAME = "reporter_first_name", _("Reporter: first name")
    REPORTER_LAST_NAME = "reporter_last_name", _("Reporter: last name")
    REPORTER_EMAIL = "reporter_email", _("Reporter: email")
    REPORTER_PHONE = "reporter_phone", _("Reporter: phone")
    REPORTER_ADDRESS = "reporter_address", _("Reporter: home address")
    REPORTER_BIRTH_DATE = "reporter_birth_date", _("Reporter: date of birth")
    NARRATIVE = "narrative", _("Narrative (what happened)")
    PROPERTY_ITEMS = "property_items", _("Property items (the repeatable group)")
    TOTAL_LOSS = "total_loss", _("Total value of the loss")
    VEHICLE_PLATE = "vehicle_plate", _("Vehicle: licence plate")
    VEHICLE_PROVINCE = "vehicle_province", _("Vehicle: province of the plate")
    VEHICLE_MAKE = "vehicle_make", _("Vehicle: make")
    VEHICLE_MODEL = "vehicle_model", _("Vehicle: model")
    VEHICLE_COLOUR = "vehicle_colour", _("Vehicle: colour")
    SUSPECT_DESCRIPTION = "suspect_description", _("Suspect: description")
    FRAUD_METHOD = "fraud_method", _("Fraud: how the contact was made")
    ATTACHMENTS = "attachments", _("Attachments (photos, documents)")


# What the RMS cannot take a report without. Each requirement is met when any one of its
# elements is mapped; a form missing one cannot be published.
REQUIRED = [
    (_("when it happened"), {Element.OCCURRED_FROM}),
    (
        _("where it happened (an address, a postal code or a municipality)"),
        {Element.LOCATION_ADDRESS, Element.LOCATION_POSTAL_CODE, Element.LOCATION_MUNICIPALITY},
    ),
    (_("what happened (narrative)"), {Element.NARRATIVE}),
    (_("the reporter's email"), {Element.REPORTER_EMAIL}),
    (_("the reporter's last name"), {Element.REPORTER_LAST_NAME}),
]

# Elements whose answer is also copied into a typed column of ``Report`` (by
# ``forms_app.submission.create_report``): a field mapped to one accepts no more than that
# column holds (``forms_app.builder``), so sending never fails on a value the form took.
TYPED_COLUMNS = {
    Element.REPORTER_EMAIL: "reporter_email",
    Element.LOCATION_POSTAL_CODE: "postal_code",
    Element.LOCATION_MUNICIPALITY: "municipality",
}

# A mapped element appears once per form: two fields cannot both be "the reporter's email".
SINGLE_USE = set(Element) - {Element.ATTACHMENTS}


def missing_requirements(mapped_elements):
    """The labels of the requirements that none of ``mapped_elements`` meets."""
    mapped = set(mapped_elements)
    return [label for label, elements in REQUIRED if not mapped & elements]


def duplicated_elements(mapped_elements):
    seen, duplicated = set(), []
    for element in mapped_elements:
        if element in seen and element in SINGLE_USE and element not in duplicated:
            duplicated.append(element)
        seen.add(element)
    return duplicated


# How staff read a report: its answers grouped by what they are about, in this order.
SECTIONS = [
    ("when_where", _("When and where"), ("occurred_", "location_")),
    ("what", _("What happened"), ("narrative", "suspect_", "fraud_")),
    ("property", _("Property and loss"), ("property_", "total_loss")),
    ("vehicle", _("Vehicle"), ("vehicle_",)),
    ("reporter", _("The person reporting"), ("reporter_",)),
    ("attachments", _("Files"), ("attachments",)),
]
OTHER_SECTION = ("other", _("Other answers"))


def section_of(element):
    for key, _label, prefixes in SECTIONS:
        if element and element.startswith(prefixes):
            return key
    return OTHER_SECTION[0]


def group_by_section(elements_and_rows):
    """[(section label, [row, ...]), ...] for (RMS element, row) pairs; empty sections left out."""
    grouped = {}
    for element, row in elements_and_rows:
        grouped.setdefault(section_of(element), []).append(row)
    order = [(key, label) for key, label, _prefixes in SECTIONS] + [OTHER_SECTION]
    return [(label, grouped[key]) for key, label in order if key in grouped]
