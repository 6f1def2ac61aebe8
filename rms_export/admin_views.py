"""The RMS side of the Wagtail admin. Deliveries are an outbox written only by code: staff of the
report's agency list and filter them, inspect one (error, payload) and ask to send it again,
never add, edit, copy or delete one. Destinations are each agency's own. And the analysts'
CSV/XLSX export. Every view asks ``website.access`` and writes ``website.audit``; events about a
delivery are recorded on its report, so that they show in the report's access log."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from forms_app.models import IncidentType, Report, ReportStatus
from website import audit
from website.access import get_in_my_agencies_or_404, in_my_agencies, my_agencies, works_for_several

from .models import Delivery, DeliveryStatus
from .outbox import restart
from .resources import ReportResource, analyst_reports

DELIVERY_NAMESPACE = "wagtailsnippets_rms_export_delivery"
RESEND_PERMISSION = "rms_export.change_delivery"  # "change" a delivery = ask for it to be sent again


# Deliveries


def deliveries_of(user):
    return in_my_agencies(Delivery.objects.select_related("report", "destination"), user, site_path="report__site")


def delivery_or_404(request, pk):
    return get_in_my_agencies_or_404(
        request,
        Delivery.objects.select_related("report", "destination"),
        pk,
        site_path="report__site",
        audit_target=lambda delivery: delivery.report,
    )


def record_view(request, delivery, detail):
    audit.record(request, delivery.report, audit.Action.VIEW, detail=f"delivery {delivery.pk}: {detail}")


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return deliveries_of(self.request.user)

    @cached_property
    def columns(self):
        """Staff of several agencies: each delivery's agency after its report (names read once)."""
        columns = list(super().columns)
        if works_for_several(self.request):
            names = my_agencies(self.request)
            columns.insert(
                1, Column("agency", label=_("Agency"), accessor=lambda delivery: names.get(delivery.report.site_id, ""))
            )
        return columns


class DeliveryInspectView(generic.InspectView):
    def get_field_label(self, field_name, field):
        if field_name == "last_error":
            return _("Technical detail (for whoever supports the RMS link)")
        return super().get_field_label(field_name, field)

    def get_object(self, queryset=None):
        delivery = delivery_or_404(self.request, unquote(str(self.pk)))
        record_view(self.request, delivery, "inspected")
        return delivery

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object.status != DeliveryStatus.DELIVERED and self.request.user.has_perm(RESEND_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Send again"),
                    url=reverse(f"{DELIVERY_NAMESPACE}:resend", args=[self.object.pk]),
                    icon_name="redirect",
                )
            )
        return buttons


@require_http_methods(["GET", "POST"])
def resend(request, pk):
    """GET asks for confirmation; POST queues the delivery again."""
    if not request.user.has_perm(RESEND_PERMISSION):
        raise PermissionDenied
    delivery = delivery_or_404(request, pk)
    if request.method != "POST":
        record_view(request, delivery, "asked to confirm sending again")
        return TemplateResponse(
            request, "rms_export/admin/resend_delivery.html", {"delivery": delivery, "page_title": _("Send again")}
        )
    if delivery.status == DeliveryStatus.DELIVERED:
        audit.record(
            request, delivery.report, audit.Action.RESEND, detail=f"delivery {pk}", outcome="already delivered"
        )
        messages.info(request, _("This delivery was already acknowledged by the RMS."))
    else:
        with transaction.atomic():
            restart(delivery)
            audit.record(request, delivery.report, audit.Action.RESEND, detail=f"delivery {pk}", outcome="queued")
        messages.success(
            request, _("Delivery of %(reference)s queued again.") % {"reference": delivery.report.reference}
        )
    return redirect(reverse(f"{DELIVERY_NAMESPACE}:inspect", args=[pk]))


class DeliveryViewSet(ModelViewSet):
    """Not a snippet: no add, edit, copy, delete, history, usage, chooser or bulk action exists
    for deliveries. At the URLs the snippet had (``/admin/snippets/rms_export/delivery/``)."""

    model = Delivery
    url_prefix = "snippets/rms_export/delivery"
    url_namespace = DELIVERY_NAMESPACE
    icon = "upload"
    menu_label = gettext_lazy("RMS deliveries")
    menu_order = 220
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    list_display = ["report", "destination", "status", "problem", "attempts", "case_number", "updated"]
    list_filter = ["status"]
    inspect_view_fields = [
        "report",
        "destination",
        "status",
        "problem",
        "attempts",
        "next_attempt_at",
        "last_error",
        "case_number",
        "created",
        "updated",
        "delivered_at",
        "payload",
    ]

    def get_common_view_kwargs(self, **kwargs):
        nowhere = dict.fromkeys(["add_url_name", "edit_url_name", "delete_url_name", "history_url_name"])
        return super().get_common_view_kwargs(**nowhere, usage_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("resend/<int:pk>/", resend, name="resend"),
        ]

    def register_admin_url_finder(self):
        """No edit view to find."""


# Destinations


# The analysts' export


class AnalystExportForm(forms.Form):
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    incident_type = forms.ModelChoiceField(
        label=gettext_lazy("Incident type"), queryset=IncidentType.objects.filter(active=True), required=False
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=[("", "—"), *ReportStatus.choices], required=False)
    file_format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")])
    personal = forms.BooleanField(
        label=gettext_lazy("Include personal information (names, contact, street, full postal code)"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        types = IncidentType.objects.filter(active=True)
        self.fields["incident_type"].queryset = in_my_agencies(types, user, shared=True)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def analyst_export(request):
    """Reports of the user's agencies as a table, for analysts; personal fields only on request."""
    if not request.user.has_perm("workflows.approve_report"):
        raise PermissionDenied
    form = AnalystExportForm(request.GET or None, user=request.user)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        reports = analyst_reports(
            since=data["since"],
            until=data["until"],
            incident_type=data["incident_type"].code if data["incident_type"] else None,
            status=data["status"] or None,
        ).filter(pk__in=in_my_agencies(Report.objects.all(), request.user, site_path="site").values("pk"))
        dataset = ReportResource(personal=data["personal"]).export(reports)
        audit.record(
            request,
            None,
            audit.Action.EXPORT,
            detail=f"analyst export of {len(dataset)} reports ({data['file_format']})",
            outcome="with personal data" if data["personal"] else "without personal data",
        )
        response = HttpResponse(dataset.export(data["file_format"]), content_type=CONTENT_TYPES[data["file_format"]])
        response["Content-Disposition"] = f'attachment; filename="reports.{data["file_format"]}"'
        return response
    return TemplateResponse(
        request, "rms_export/admin/analyst_export.html", {"form": form, "page_title": _("Export reports for analysis")}
    )
