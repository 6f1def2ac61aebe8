import re

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The live pages marked 'show in menus' directly under the current site's home page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return site.root_page.get_children().live().public().in_menu()


@register.filter
def tel_href(number):
    """'905-555-0100 ext. 42' -> 'tel:+9055550100': a link a phone can dial."""
    main = re.split(r"\s*(?:x|ext\.?)\s*\d", str(number or ""), maxsplit=1)[0]
    digits = re.sub(r"[^0-9+]", "", main)
    return f"tel:{digits}" if digits else ""
