from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Review workflows")

    def ready(self):
        # Import the flow (and with it viewflow's node modules) now, in the main thread: the
        # dev server's reloader imports the URLconf in one thread while the system checks import
        # viewflow's nodes in another, and the two half-imports collide.
        from . import flows, receivers  # noqa: F401 -- also connects the signal receivers

    @property
    def role_permissions(self):
        """Model permissions each staff role needs here (website/agencies.py)."""
        from .demo import GROUP_PERMISSIONS

        return GROUP_PERMISSIONS

    def seed_agency(self, *, home, demo, stdout):
        """Part of making an agency (website/agencies.py): the rejection reasons staff start with."""
        from .demo import seed

        seed(home)
