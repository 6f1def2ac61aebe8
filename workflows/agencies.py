"""Staff who work for several agencies: the task and process lists name each row's agency (and
filter by it, ``filters.AgencyFilterMixin``). Staff of one agency see neither."""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from website.access import my_agencies, works_for_several


def report_of(row):
    """The report a task or a process of the list is about."""
    return row.artifact if isinstance(row, Process) else row.process.artifact


class AgencyColumnMixin:
    """An "Agency" column after the first one, for staff of several agencies. Its names are read
    once per request (``website.access.my_agencies``); each row's report is already fetched."""

    def get_columns(self):
        columns = list(super().get_columns())
        if works_for_several(self.request):
            columns.insert(1, "agency")
        return columns

    def agency(self, row):
        report = report_of(row)
        return my_agencies(self.request).get(report.site_id, "") if report is not None else ""

    agency.short_description = _("Agency")
