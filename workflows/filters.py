"""Filters of the inbox and the queue: reference, incident type, report status, age, overdue."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.this_object import this
from viewflow.workflow.flow.views.filters import (
    DashboardProcessListViewFilter,
    DashboardTaskListViewFilter,
    FlowArchiveListFilter,
    FlowUserTaskListFilter,
    ModelChoiceFilter,
)
from viewflow.workflow.models import Process, Task

from forms_app.models import IncidentType, Report, ReportStatus
from forms_app.references import WHOLE_REFERENCE
from website.access import in_my_agencies, my_agencies


def _reports(queryset, **lookups):
    return queryset.filter(process__artifact_object_id__in=Report.objects.filter(**lookups).values("pk"))


def my_incident_types(user):
    """The types of the user's agencies and the install-wide ones (another agency's list is not theirs)."""
    return in_my_agencies(IncidentType.objects.all(), user, shared=True)


class AgencyFilterMixin(django_filters.FilterSet):
    """A filter by agency, offering the user's agencies only, for staff of several agencies
    (staff of one agency have nothing to choose). Another agency's id is not a choice: refused
    by the form, so ignored (and the lists show the user's agencies only in any case)."""

    agency = django_filters.ChoiceFilter(label=_("Agency"), method="filter_agency")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        agencies = my_agencies(request) if request is not None else {}
        if len(agencies) > 1:
            self.filters["agency"].extra["choices"] = list(agencies.items())
        else:
            del self.filters["agency"]

    def filter_agency(self, queryset, name, value):
        reports = Report.objects.filter(site_id=value).values("pk")
        if issubclass(queryset.model, Process):
            return queryset.filter(artifact_object_id__in=reports)
        return queryset.filter(process__artifact_object_id__in=reports)


class ArchiveTaskFilter(AgencyFilterMixin, FlowArchiveListFilter):
    pass


class FlowTaskFilter(AgencyFilterMixin, DashboardTaskListViewFilter):
    pass


class FlowProcessFilter(AgencyFilterMixin, DashboardProcessListViewFilter):
    pass


class ReportTaskFilter(AgencyFilterMixin, FlowUserTaskListFilter):
    # Viewflow offers every process of the queue in a drop-down: 9,000 options (and seconds to
    # render) with 10,000 open tasks. The reference filter finds a report; ?process= still works.
    process = ModelChoiceFilter(queryset=this.queue_processes_query, widget=forms.HiddenInput)
    reference = django_filters.CharFilter(label=_("Reference"), method="filter_reference")
    incident_type = django_filters.ModelChoiceFilter(
        label=_("Incident type"),
        queryset=lambda request: my_incident_types(request.user),
        method="filter_incident_type",
    )
    report_status = django_filters.ChoiceFilter(
        label=_("Report status"), choices=ReportStatus.choices, method="filter_status"
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Task
        fields = ("reference", "incident_type", "report_status", "overdue", "created")

    def filter_reference(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if WHOLE_REFERENCE.match(value.upper()):
            # A whole reference: found through its unique index, not by scanning every report.
            return _reports(queryset, reference=value.upper())
        return _reports(queryset, reference__icontains=value)

    def filter_incident_type(self, queryset, name, value):
        return _reports(queryset, incident_type=value)

    def filter_status(self, queryset, name, value):
        return _reports(queryset, status=value)

    def filter_overdue(self, queryset, name, value):
        overdue = {"deadline__due_at__lt": timezone.now()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)
