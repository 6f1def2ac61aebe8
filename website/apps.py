from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class WebsiteConfig(AppConfig):
    default = True  # this module holds a second config, for wagtail.users (UsersConfig)
    name = "website"
    verbose_name = _("Public website")
    # Model permissions each staff role needs here (website/agencies.py).
    role_permissions = {"Communications": ["simple_translation.submit_translation", "website.manage_address_register"]}

    def seed_agency(self, *, home, demo, stdout):
        """The demo agencies' synthetic address registers (website/demo_register.py)."""
        if demo:
            from wagtail.models import Site

            from .demo_register import seed

            site = Site.objects.filter(root_page=home).select_related("agencysettings").first()
            if site is not None:
                seed(site, stdout)

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the project's system checks)
            security,  # noqa: F401  (the staff session's clock starts at sign-in)
            signals,  # noqa: F401  (sign-ins in the audit trail)
        )


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's user screens, with the agencies each member of staff works for (website/users.py)."""

    user_viewset = "website.users.UserViewSet"
