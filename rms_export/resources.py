"""Reports as rows for analysts (CSV, XLSX), with django-import-export. Personal fields are
left out unless asked for. Cells that could start a formula are neutralised
(``forms_app.resources.FormulaSafeResource``)."""

from import_export import fields
from import_export.widgets import DateTimeWidget

from forms_app.mapping import Element
from forms_app.models import Report
from forms_app.resources import FormulaSafeResource

COLUMNS = [
    "reference",
    "submitted",
    "incident_type",
    "ucr_code",
    "status",
    "language",
    "occurred_from",
    "municipality",
    "postal_area",
    "case_number",
    "reporter_first_name",
    "reporter_last_name",
    "reporter_email",
    "reporter_phone",
    "street",
    "postal_code",
]
PERSONAL = ["reporter_first_name", "reporter_last_name", "reporter_email", "reporter_phone", "street", "postal_code"]


def _answer(report, element):
    answer = report.answer_for(element)
    return (answer.value or "") if answer else ""


class ReportResource(FormulaSafeResource):
    reference = fields.Field(attribute="reference", column_name="reference")
    submitted = fields.Field(attribute="submit_time", column_name="submitted", widget=DateTimeWidget())
    incident_type = fields.Field(attribute="incident_type__code", column_name="incident_type")
    ucr_code = fields.Field(attribute="incident_type__ucr_code", column_name="ucr_code")
    status = fields.Field(attribute="status", column_name="status")
    language = fields.Field(attribute="language", column_name="language")
    occurred_from = fields.Field(attribute="occurred_from", column_name="occurred_from", widget=DateTimeWidget())
    municipality = fields.Field(attribute="municipality", column_name="municipality")
    postal_area = fields.Field(column_name="postal_area")  # the first three characters only
    case_number = fields.Field(attribute="case_number", column_name="case_number")
    # Personal: only when asked for.
    reporter_first_name = fields.Field(column_name="reporter_first_name")
    reporter_last_name = fields.Field(column_name="reporter_last_name")
    reporter_email = fields.Field(attribute="reporter_email", column_name="reporter_email")
    reporter_phone = fields.Field(column_name="reporter_phone")
    street = fields.Field(column_name="street")
    postal_code = fields.Field(attribute="postal_code", column_name="postal_code")

    class Meta:
        model = Report
        fields = COLUMNS
        export_order = COLUMNS

    def __init__(self, *, personal=False, **kwargs):
        super().__init__(**kwargs)
        self.personal = personal

    def get_export_fields(self, selected_fields=None):
        chosen = super().get_export_fields(selected_fields)
        return chosen if self.personal else [f for f in chosen if f.column_name not in PERSONAL]

    def dehydrate_postal_area(self, report):
        return (report.postal_code or "")[:3]

    def dehydrate_reporter_first_name(self, report):
        return _answer(report, Element.REPORTER_FIRST_NAME)

    def dehydrate_reporter_last_name(self, report):
        return _answer(report, Element.REPORTER_LAST_NAME)

    def dehydrate_reporter_phone(self, report):
        return _answer(report, Element.REPORTER_PHONE)

    def dehydrate_street(self, report):
        return _answer(report, Element.LOCATION_STREET)


def analyst_reports(*, since=None, until=None, incident_type=None, status=None):
    reports = Report.objects.select_related("incident_type").order_by("submit_time", "pk")
    if since:
        reports = reports.filter(submit_time__date__gte=since)
    if until:
        reports = reports.filter(submit_time__date__lte=until)
    if incident_type:
        reports = reports.filter(incident_type__code=incident_type)
    if status:
        reports = reports.filter(status=status)
    return reports
