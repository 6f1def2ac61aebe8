from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Destination


class DestinationViewSet(SnippetViewSet):
    """Where each agency's approved reports go; administrators set them up."""

    model = Destination
    icon = "site"
    menu_label = _("RMS destinations")
    menu_order = 225
    add_to_admin_menu = True
    list_display = ["name", "site", "transport", "format", "active"]
    list_filter = ["active", "transport", "format"]


register_snippet(DestinationViewSet)
