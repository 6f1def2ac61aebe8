from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import admin_views
from .models import IncidentType, ReportFormPage

NAMESPACE = "wagtailsnippets_forms_app_incidenttype"


class IncidentTypeIndexView(IndexView):
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


class IncidentTypeChooserCreateView(chooser.SnippetCreateView):
    """Incident types are made on their own form (Incident types > Add): the chooser has no
    creation form, and Wagtail's would fail (500) for anyone allowed to add one."""

    def can_create(self):
        return False


class IncidentTypeChooserViewSet(chooser.SnippetChooserViewSet):
    create_view_class = IncidentTypeChooserCreateView


class IncidentTypeViewSet(SnippetViewSet):
    model = IncidentType
    icon = "warning"
    menu_label = _("Incident types")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = IncidentTypeIndexView
    chooser_viewset_class = IncidentTypeChooserViewSet
    list_display = ["name", "code", "ucr_code", "rms_occurrence_type", "property_value_limit", "active"]
    list_filter = ["active", "property_status"]
    search_fields = ["name", "code"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", admin_views.import_incident_types, name="import"),
            path("export/<str:file_format>/", admin_views.export_incident_types, name="export"),
        ]


register_snippet(IncidentTypeViewSet)


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
