from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .deliveries_admin import DeliveryViewSet, analyst_export
from .models import RejectionReason


class RejectionReasonViewSet(SnippetViewSet):
    model = RejectionReason
    icon = "cross"
    menu_order = 215
    add_to_admin_menu = True
    list_display = ["title", "active"]
    list_filter = ["active"]


register_snippet(RejectionReasonViewSet)
register_snippet(DeliveryViewSet)


@hooks.register("register_admin_urls")
def analyst_export_urls():
    return [path("reports/analyst-export/", analyst_export, name="workflows_analyst_export")]


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("workflows.approve_report")


@hooks.register("register_reports_menu_item")
def analyst_export_menu_item():
    return SupervisorMenuItem(
        _("Export reports for analysis"), reverse("workflows_analyst_export"), icon_name="download", order=710
    )
