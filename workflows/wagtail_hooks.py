from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RejectionReason


class RejectionReasonViewSet(SnippetViewSet):
    model = RejectionReason
    icon = "cross"
    menu_order = 215
    add_to_admin_menu = True
    list_display = ["title", "active"]
    list_filter = ["active"]


register_snippet(RejectionReasonViewSet)
