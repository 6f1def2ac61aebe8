from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from website.access import AgencyPermissionPolicy
from website.agency_admin import AgencyForm, AgencySnippetViewSet, agency_bulk_delete

from . import admin_views
from .models import Delivery, Destination

# Before the viewsets below are registered: Wagtail would otherwise make its own policies.
register_permission_policy(Destination, AgencyPermissionPolicy(Destination))
register_permission_policy(Delivery, AgencyPermissionPolicy(Delivery, site_path="report__site"))


class DestinationViewSet(AgencySnippetViewSet):
    """Where each agency's approved reports go; administrators of the agency set them up, and
    see and choose only their agencies' destinations."""

    model = Destination
    icon = "site"
    menu_label = _("RMS destinations")
    menu_order = 225
    add_to_admin_menu = True
    list_display = ["name", "site", "transport", "format", "active"]
    list_filter = ["active", "transport", "format"]
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ["site", "name", "transport", "format", "options", "active"]],
        base_form_class=AgencyForm,
    )


register_snippet(DestinationViewSet)
hooks.register("register_bulk_action", agency_bulk_delete(Destination), order=100)


@hooks.register("register_admin_viewset")
def register_deliveries():
    return admin_views.DeliveryViewSet()


@hooks.register("register_admin_urls")
def analyst_export_urls():
    return [path("reports/analyst-export/", admin_views.analyst_export, name="rms_export_analyst_export")]


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("workflows.approve_report")


@hooks.register("register_reports_menu_item")
def analyst_export_menu_item():
    return SupervisorMenuItem(
        _("Export reports for analysis"), reverse("rms_export_analyst_export"), icon_name="download", order=710
    )
