"""Tabular import and export (CSV, XLSX) with django-import-export."""

from import_export import fields, resources
from import_export.widgets import BooleanWidget, CharWidget, DecimalWidget

from .models import IncidentType

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


class IncidentTypeResource(resources.ModelResource):
    """Incident types by their stable ``code``: importing a file updates the matching rows
    and adds new ones; it never deletes a type that forms or reports may use."""

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
