"""The agency's total reports per month (all means), imported and exported as CSV or XLSX."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields
from import_export.widgets import IntegerWidget, Widget

from forms_app.resources import FormulaSafeResource

from .models import MonthlyReportTotal


class MonthWidget(Widget):
    """A month as "2026-03" (a date in it, "2026-03-01", is taken too)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date().replace(day=1)
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = str(value or "").strip()
        try:
            return datetime.date.fromisoformat(f"{text}-01" if len(text) == 7 else text).replace(day=1)
        except ValueError:
            raise ValueError(_("Enter the month as 2026-03.")) from None

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%Y-%m") if value else ""


class MonthlyReportTotalResource(FormulaSafeResource):
    """One row a month (``month``, ``total``), of the agency ``site``: importing a month again
    changes its total; another agency's rows are neither read nor written."""

    month = fields.Field(attribute="month", column_name="month", widget=MonthWidget())
    total = fields.Field(attribute="total", column_name="total", widget=IntegerWidget())

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site

    def get_queryset(self):
        return MonthlyReportTotal.objects.filter(site=self.site)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.site = self.site
        if instance.total is None or instance.total < 0:
            raise ValidationError({"total": _("Enter the number of reports, 0 or more.")})

    class Meta:
        model = MonthlyReportTotal
        import_id_fields = ["month"]
        fields = ["month", "total"]
        export_order = ["month", "total"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
