from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from website import audit
from website.access import AgencyPermissionPolicy
from website.agency_admin import AgencyForm, AgencySnippetViewSet, agency_bulk_delete

from .models import EvaluationSettings, RejectionReason

# Before the viewset is registered: Wagtail would otherwise make its own policy.
register_permission_policy(RejectionReason, AgencyPermissionPolicy(RejectionReason))


class RejectionReasonViewSet(AgencySnippetViewSet):
    """Each agency's own reasons: its staff see, choose and change only theirs."""

    model = RejectionReason
    icon = "cross"
    menu_order = 215
    add_to_admin_menu = True
    list_display = ["title", "site", "active"]
    list_filter = ["active"]
    edit_handler = ObjectList([FieldPanel(f) for f in RejectionReason.panel_fields], base_form_class=AgencyForm)


register_snippet(RejectionReasonViewSet)
hooks.register("register_bulk_action", agency_bulk_delete(RejectionReason), order=100)


@hooks.register("after_edit_setting")
def audit_evaluation_settings(request, instance):
    """A change of an agency's evaluation constants is kept in its audit (who, when)."""
    if isinstance(instance, EvaluationSettings):
        audit.record(request, instance, audit.Action.CHANGE, detail="evaluation settings", outcome="saved")
