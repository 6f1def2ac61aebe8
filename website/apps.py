from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Public website")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the project's system checks)
            security,  # noqa: F401  (the staff session's clock starts at sign-in)
            signals,  # noqa: F401  (sign-ins in the audit trail)
        )
