from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Site
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from website import agency_admin
from website.access import AgencyPermissionPolicy, SharedRowsPermissionPolicy, in_my_agencies

from . import admin_views
from .models import AgencyIncidentType, IncidentType, ReportFormPage

NAMESPACE = "wagtailsnippets_forms_app_incidenttype"

# An incident type is its agency's (its staff change it) or, with no agency, the whole
# install's (every agency's staff see and use it; only a superuser changes it). Registered
# before the viewset, which would otherwise make Wagtail's own policy.
register_permission_policy(IncidentType, SharedRowsPermissionPolicy(IncidentType))
register_permission_policy(AgencyIncidentType, AgencyPermissionPolicy(AgencyIncidentType))


class IncidentTypeForm(agency_admin.AgencyForm):
    """Staff who are not superusers make and keep their agencies' types: the agency is required
    (an install-wide type is an administrator's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.for_user.is_superuser:
            site = self.fields["site"]
            site.required = True
            site.help_text = _("The agency whose forms use this type.")
            if self.instance.pk is None and len(site.queryset) == 1:
                self.initial["site"] = site.queryset[0].pk


def agency_name(incident_type):
    site = incident_type.site
    return (site.site_name or site.hostname) if site else _("Every agency")


class IncidentTypeIndexView(agency_admin.IndexView):
    """Its agencies' types and the install-wide ones; the edit and delete links only where the
    member of staff may change the type (the agencies are read once, not per row)."""

    shared_rows = True

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("site")

    @cached_property
    def my_sites(self):
        return set(in_my_agencies(Site.objects.all(), self.request.user, site_path="pk").values_list("pk", flat=True))

    def may(self, action, instance):
        mine = instance.site_id in self.my_sites if instance.site_id else self.request.user.is_superuser
        return mine and self.user_has_permission(action)

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if self.may("change", instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if self.may("delete", instance) else None

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if user.has_perm("forms_app.add_incidenttype") and user.has_perm("forms_app.change_incidenttype"):
            buttons.append(HeaderButton(_("Import"), url=reverse(f"{NAMESPACE}:import"), icon_name="upload"))
        buttons.append(
            HeaderButton(_("Export CSV"), url=reverse(f"{NAMESPACE}:export", args=["csv"]), icon_name="download")
        )
        buttons.append(
            HeaderButton(_("Export Excel"), url=reverse(f"{NAMESPACE}:export", args=["xlsx"]), icon_name="download")
        )
        return buttons


class IncidentTypeEditView(agency_admin.EditView):
    """An install-wide type opens read-only (its inspect page) for staff who may not change it."""

    shared_rows = True

    def run_before_hook(self):
        if not self.user_has_permission_for_instance("change", self.object):
            messages.info(
                self.request,
                _("This incident type is used by every agency on this install: only an administrator can change it."),
            )
            return redirect(reverse(f"{NAMESPACE}:inspect", args=[self.object.pk]))
        return super().run_before_hook()


class SharedRows:
    shared_rows = True


class IncidentTypeChooserViewSet(agency_admin.AgencyChooserViewSet):
    """A form page chooses among its agencies' types and the install-wide ones."""

    choose_view_class = type("ChooseView", (SharedRows, agency_admin.ChooseView), {})
    choose_results_view_class = type("ChooseResultsView", (SharedRows, agency_admin.ChooseResultsView), {})
    chosen_view_class = type("ChosenView", (SharedRows, agency_admin.ChosenView), {})
    chosen_multiple_view_class = type("ChosenMultipleView", (SharedRows, agency_admin.ChosenMultipleView), {})


class IncidentTypeViewSet(agency_admin.AgencySnippetViewSet):
    model = IncidentType
    icon = "warning"
    menu_label = _("Incident types")
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = IncidentTypeIndexView
    edit_view_class = IncidentTypeEditView
    inspect_view_class = type("InspectView", (SharedRows, agency_admin.InspectView), {})
    usage_view_class = type("UsageView", (SharedRows, agency_admin.UsageView), {})
    history_view_class = type("HistoryView", (SharedRows, agency_admin.HistoryView), {})
    copy_view_class = type("CopyView", (SharedRows, agency_admin.CopyView), {})
    chooser_viewset_class = IncidentTypeChooserViewSet
    edit_handler = ObjectList(IncidentType.panels, base_form_class=IncidentTypeForm)
    list_display = [
        "name",
        "code",
        Column("site", label=_("Agency"), accessor=agency_name),
        "ucr_code",
        "rms_occurrence_type",
        "property_value_limit",
        "active",
    ]
    list_filter = ["active", "property_status"]
    search_fields = ["name", "code"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", admin_views.import_incident_types, name="import"),
            path("export/<str:file_format>/", admin_views.export_incident_types, name="export"),
        ]


register_snippet(IncidentTypeViewSet)


class AgencyIncidentTypeViewSet(agency_admin.AgencySnippetViewSet):
    """Each agency's settings of the install-wide types: its staff see and change only theirs."""

    model = AgencyIncidentType
    icon = "cog"
    menu_label = _("Incident type settings")
    menu_order = 211
    add_to_admin_menu = True
    list_display = ["incident_type", Column("site", label=_("Agency"), accessor=agency_name), "active"]
    list_filter = ["active"]
    edit_handler = ObjectList(
        # A plain list of the install-wide types (the snippet chooser would offer the agency's own too).
        [
            FieldPanel(f, widget=forms.Select) if f == "incident_type" else FieldPanel(f)
            for f in AgencyIncidentType.panel_fields
        ],
        base_form_class=agency_admin.AgencyForm,
    )

    def get_queryset(self, request):
        return AgencyIncidentType.objects.select_related("site", "incident_type")


register_snippet(AgencyIncidentTypeViewSet)
hooks.register("register_bulk_action", agency_admin.agency_bulk_delete(AgencyIncidentType), order=101)


@hooks.register("filter_form_submissions_for_user")
def keep_reports_out_of_the_form_submissions_listing(user, editable_forms):
    """Citizens' reports hold personal information: staff read them in the review workflow,
    where every view is checked and logged, never in Wagtail's generic submissions listing
    that anyone who can edit the form page would see."""
    return editable_forms.not_type(ReportFormPage)


@hooks.register("register_admin_urls")
def report_count_urls():
    return [path("reports/online-report-counts/", admin_views.report_counts, name="forms_app_report_counts")]


@hooks.register("register_reports_menu_item")
def report_counts_menu_item():
    return MenuItem(_("Online reports per form"), reverse("forms_app_report_counts"), icon_name="form", order=700)
