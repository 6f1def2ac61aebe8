"""The address register as django-import-export sees it: ``AddressResource`` names the columns of
the register's CSV and XLSX (the same names the import recognises, so an export imports back
unchanged) and its widgets clean each value of an imported row: trimmed text, a postal code
written "L6H 2R4", coordinates that are numbers on the Earth.

The import itself (``website.address_import``) streams the file and upserts in batches; it asks
this resource's fields to clean each row, so the clean-up is written once."""

import math
import re

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .models import Address

POSTAL_CODE = re.compile(r"^([ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPR-TV-Z]) ?([0-9][ABCEGHJ-NPR-TV-Z][0-9])$")
# Statistics Canada's province and territory codes (the NAR's PROV_CODE) and their abbreviations.
PROVINCE_CODES = {
    "10": "NL",
    "11": "PE",
    "12": "NS",
    "13": "NB",
    "24": "QC",
    "35": "ON",
    "46": "MB",
    "47": "SK",
    "48": "AB",
    "59": "BC",
    "60": "YT",
    "61": "NT",
    "62": "NU",
}
PROVINCES = frozenset(PROVINCE_CODES.values())


class TextWidget(widgets.CharWidget):
    """Text trimmed, inner spaces collapsed, at most ``max_length`` characters; ``required``: an
    empty value is refused."""

    def __init__(self, max_length, *, required=False, label=""):
        super().__init__()
        self.max_length = max_length
        self.required = required
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value if value is not None else "").split())
        if self.required and not text:
            raise ValueError(_("%(field)s is empty.") % {"field": self.label})
        if len(text) > self.max_length:
            raise ValueError(
                _("%(field)s is longer than %(max)d characters.") % {"field": self.label, "max": self.max_length}
            )
        return text


class PostalCodeWidget(widgets.CharWidget):
    """A Canadian postal code, written "L6H 2R4" (empty is allowed: some addresses have none)."""

    def clean(self, value, row=None, **kwargs):
        text = "".join(str(value or "").split()).upper()
        if not text:
            return ""
        match = POSTAL_CODE.match(text)
        if match is None:
            raise ValueError(_("“%(value)s” is not a Canadian postal code (e.g. L6H 2R4).") % {"value": text[:12]})
        return f"{match[1]} {match[2]}"


class ProvinceWidget(widgets.CharWidget):
    """A province's two letters ("ON"), also from Statistics Canada's code ("35"); empty: Ontario."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().upper()
        text = PROVINCE_CODES.get(text, text) or "ON"
        if text not in PROVINCES:
            raise ValueError(_("“%(value)s” is not a province or territory (e.g. ON).") % {"value": text[:12]})
        return text


class CoordinateWidget(widgets.FloatWidget):
    """A latitude or longitude in degrees (WGS 84), a point "." as the decimal separator in every
    language, so that an export imports back as it was."""

    def __init__(self, limit, label):
        super().__init__()
        self.limit = limit
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            raise ValueError(_("%(field)s is empty.") % {"field": self.label})
        try:
            number = float(text)
        except ValueError:
            message = _("%(field)s “%(value)s” is not a number.") % {"field": self.label, "value": text[:24]}
            raise ValueError(message) from None
        if not math.isfinite(number) or abs(number) > self.limit:
            raise ValueError(
                _("%(field)s %(value)s is not between -%(limit)d and %(limit)d.")
                % {"field": self.label, "value": text[:24], "limit": self.limit}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else repr(float(value))


def _field(name, widget):
    return fields.Field(attribute=name, column_name=name, widget=widget)


class AddressResource(resources.ModelResource):
    """One row per address of a register; its columns are ``FIELDS``."""

    source_id = _field("source_id", TextWidget(64, required=True, label="source_id"))
    civic_number = _field("civic_number", TextWidget(16, required=True, label="civic_number"))
    street = _field("street", TextWidget(120, required=True, label="street"))
    unit = _field("unit", TextWidget(16, label="unit"))
    municipality = _field("municipality", TextWidget(120, required=True, label="municipality"))
    province = _field("province", ProvinceWidget())
    postal_code = _field("postal_code", PostalCodeWidget())
    latitude = _field("latitude", CoordinateWidget(90, "latitude"))
    longitude = _field("longitude", CoordinateWidget(180, "longitude"))

    class Meta:
        model = Address
        fields = (
            "source_id",
            "civic_number",
            "street",
            "unit",
            "municipality",
            "province",
            "postal_code",
            "latitude",
            "longitude",
        )
        export_order = fields
        import_id_fields = ("source_id",)


FIELDS = AddressResource.Meta.fields
