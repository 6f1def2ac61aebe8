"""The demo agency's RMS destination: the reference receiver that `make run` starts."""

from django.conf import settings
from wagtail.models import Site

from .models import Destination


def seed(home):
    site = Site.objects.get(root_page=home)
    Destination.objects.get_or_create(
        site=site,
        name="Reference RMS receiver",
        defaults={"transport": "https", "format": "xml21", "options": {"url": settings.RMS_DEMO_RECEIVER_URL}},
    )
