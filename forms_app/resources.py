"""Tabular import and export (CSV, XLSX) with django-import-export.

Every resource here and in ``rms_export.resources`` is a ``FormulaSafeResource``: a cell that a
spreadsheet would read as a formula (it starts with = + - @, a tab or a carriage return) is
exported with a single quote before it, as OWASP advises against "CSV injection"; the quote
keeps the text readable ("'-12.50", "'+1 905 555 0100"). The resource does it, not a format, so
CSV and XLSX, from the admin and from ``manage.py rms_export``, are all covered.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import BooleanWidget, CharWidget, DecimalWidget

from website.access import agency_sites

from .models import IncidentType

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """``value`` with a single quote before it when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def restore_formula(value):
    """The inverse, on import: our own export files import back as they were."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class FormulaSafeResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            row[key] = restore_formula(value)
        super().before_import_row(row, **kwargs)


COLUMNS = [
    "code",
    "name",
    "name_fr",
    "description",
    "ucr_code",
    "rms_occurrence_type",
    "property_status",
    "property_value_limit",
    "review_days",
    "active",
]


class IncidentTypeResource(FormulaSafeResource):
    """Incident types by their stable ``code``: importing a file updates the matching rows
    and adds new ones; it never deletes a type that forms or reports may use.

    Imported by a member of staff (``user``), new rows become types of the agency ``site``
    (``None``: install-wide, a superuser's choice), and a row may update only a type that user
    may change: another agency's or an install-wide one is refused by name, nothing imported."""

    def __init__(self, *args, user=None, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.site = user, site
        self.my_sites = None
        if user is not None and not user.is_superuser:
            self.my_sites = {row["site"] for row in agency_sites(user)}

    def import_instance(self, instance, row, **kwargs):
        if self.my_sites is not None and instance.pk is not None and instance.site_id not in self.my_sites:
            raise ValidationError(
                {
                    "code": _("%(code)s is another agency's incident type, or every agency's: you cannot change it.")
                    % {"code": instance.code}
                }
            )
        super().import_instance(instance, row, **kwargs)
        if instance.pk is None:
            instance.site = self.site

    # Empty spreadsheet cells arrive as None: the optional text columns take them as "".
    name_fr = fields.Field(attribute="name_fr", column_name="name_fr", widget=CharWidget())
    description = fields.Field(attribute="description", column_name="description", widget=CharWidget())
    property_status = fields.Field(attribute="property_status", column_name="property_status", widget=CharWidget())
    property_value_limit = fields.Field(
        attribute="property_value_limit", column_name="property_value_limit", widget=DecimalWidget()
    )
    active = fields.Field(attribute="active", column_name="active", widget=BooleanWidget())

    class Meta:
        model = IncidentType
        import_id_fields = ["code"]
        fields = COLUMNS
        export_order = COLUMNS
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # run the model's validators on every imported row
        use_transactions = True
