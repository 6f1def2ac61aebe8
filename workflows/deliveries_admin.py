"""The RMS side of the Wagtail admin, for supervisors of the report's agency: deliveries (filter by
status, read the error and the payload, send again) and the analysts' CSV/XLSX export."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from forms_app.models import IncidentType, ReportStatus
from rms_export.models import Delivery, DeliveryStatus
from rms_export.outbox import restart
from rms_export.resources import ReportResource, analyst_reports
from website import audit

from .access import visible_reports

NAMESPACE = "wagtailsnippets_rms_export_delivery"


def _mine(request):
    return Delivery.objects.filter(report__in=visible_reports(request.user).values("pk")).select_related(
        "report", "destination"
    )


class DeliveryIndexView(IndexView):
    def get_base_queryset(self):
        return _mine(self.request)


class DeliveryInspectView(InspectView):
    fields = [
        "report",
        "destination",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "case_number",
        "created",
        "updated",
        "delivered_at",
        "payload",
    ]

    def get_object(self, queryset=None):
        delivery = get_object_or_404(_mine(self.request), pk=self.pk)
        audit.record(self.request, delivery.report, audit.Action.VIEW, detail=f"delivery {delivery.pk}")
        return delivery

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object.status != DeliveryStatus.DELIVERED and self.request.user.has_perm("rms_export.change_delivery"):
            buttons.append(
                HeaderButton(
                    _("Send again"), url=reverse(f"{NAMESPACE}:resend", args=[self.object.pk]), icon_name="redirect"
                )
            )
        return buttons


def resend(request, pk):
    """GET asks for confirmation; POST queues the delivery again."""
    if not request.user.has_perm("rms_export.change_delivery"):
        raise PermissionDenied
    delivery = get_object_or_404(_mine(request), pk=pk)
    if request.method != "POST":
        return TemplateResponse(
            request, "workflows/admin/resend_delivery.html", {"delivery": delivery, "page_title": _("Send again")}
        )
    if delivery.status == DeliveryStatus.DELIVERED:
        messages.info(request, _("This delivery was already acknowledged by the RMS."))
    else:
        with transaction.atomic():
            restart(delivery)
        audit.record(request, delivery.report, audit.Action.DECIDE, detail=f"delivery {pk}", outcome="sent again")
        messages.success(
            request, _("Delivery of %(reference)s queued again.") % {"reference": delivery.report.reference}
        )
    return redirect(reverse(f"{NAMESPACE}:inspect", args=[pk]))


class DeliveryViewSet(SnippetViewSet):
    model = Delivery
    icon = "upload"
    menu_label = gettext_lazy("RMS deliveries")
    menu_order = 220
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    list_display = ["report", "destination", "status", "attempts", "case_number", "updated"]
    list_filter = ["status"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("resend/<int:pk>/", resend, name="resend")]


class AnalystExportForm(forms.Form):
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    incident_type = forms.ModelChoiceField(
        label=gettext_lazy("Incident type"), queryset=IncidentType.objects.all(), required=False
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=[("", "—"), *ReportStatus.choices], required=False)
    file_format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")])
    personal = forms.BooleanField(
        label=gettext_lazy("Include personal information (names, contact, street, full postal code)"), required=False
    )


def analyst_export(request):
    """Reports of the user's agencies as a table, for analysts; personal fields only on request."""
    if not request.user.has_perm("workflows.approve_report"):
        raise PermissionDenied
    form = AnalystExportForm(request.GET or None)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        reports = analyst_reports(
            since=data["since"],
            until=data["until"],
            incident_type=data["incident_type"].code if data["incident_type"] else None,
            status=data["status"] or None,
        ).filter(pk__in=visible_reports(request.user).values("pk"))
        dataset = ReportResource(personal=data["personal"]).export(reports)
        audit.record(
            request,
            None,
            audit.Action.DOWNLOAD,
            detail=f"analyst export of {len(dataset)} reports",
            outcome="with personal data" if data["personal"] else "without personal data",
        )
        content_type = {
            "csv": "text/csv; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[data["file_format"]]
        response = HttpResponse(dataset.export(data["file_format"]), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="reports.{data["file_format"]}"'
        return response
    return TemplateResponse(
        request, "workflows/admin/analyst_export.html", {"form": form, "page_title": _("Export reports for analysis")}
    )
