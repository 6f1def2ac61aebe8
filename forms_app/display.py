"""Answers as people read them: on the check-answers page, in the email and in the PDF."""

import datetime
from decimal import Decimal

from django.utils import formats, translation
from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import gettext as _

from .answers import FieldType as T


def money(value, *, cents=True):
    """$1,250.00 in English, 1 250,00 $ in French (Canadian usage). ``cents=False``: a whole
    amount without them ($5,000, 5 000 $)."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    places = 0 if not cents and value == value.to_integral_value() else 2
    amount = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return f"{amount}\u00a0$" if translation.get_language() == "fr" else f"${amount}"


def display_value(field_type, value):
    """A string, or a list of strings for uploads and property items. Empty answers give ""."""
    if value in (None, "", []):
        return ""
    if field_type == T.DATE and isinstance(value, str):  # as stored in the report's JSON
        value = parse_date(value) or value
    elif field_type == T.TIME and isinstance(value, str):
        value = parse_time(value) or value
    if field_type == T.PROPERTY:
        return [property_line(item) for item in value]
    if field_type == T.ADDRESS:
        return address_lines(value)
    if field_type == T.UPLOAD:
        return [str(name) for name in value]
    if field_type == T.MONEY:
        return money(value)
    if field_type == T.CHECKBOX:
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, datetime.time):
        return formats.time_format(value, "TIME_FORMAT")
    return str(value)


def property_line(item):
    parts = [item.get("description", "")]
    details = [item.get("brand"), item.get("model")]
    if any(details):
        parts.append(" ".join(d for d in details if d))
    if item.get("serial_number"):
        parts.append(_("serial %(serial)s") % {"serial": item["serial_number"]})
    if item.get("value") not in (None, ""):
        parts.append(money(item["value"]))
    return " — ".join(p for p in parts if p)


def address_lines(answer):
    """An "Address" answer (``forms_app.fields.address_answer``): the register's label, or what
    was typed, marked as not from the list, with its municipality and postal code; then the
    description of the place, if any."""
    if not isinstance(answer, dict):
        return [str(answer)]
    if answer.get("address_id"):
        lines = [str(answer.get("text") or "")]
    else:
        area = " ".join(part for part in (answer.get("municipality"), answer.get("postal_code")) if part)
        place = ", ".join(part for part in (answer.get("street"), area) if part)
        lines = [_("%(place)s (not in the address list)") % {"place": place}] if place else []
    if answer.get("description"):
        lines.append(str(answer["description"]))
    return [line for line in lines if line]
