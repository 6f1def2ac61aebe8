from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsAppConfig(AppConfig):
    name = "forms_app"
    verbose_name = _("Report forms")

    def ready(self):
        from . import translated  # noqa: F401 (connects its signal receiver)

    @property
    def role_permissions(self):
        """Model permissions each staff role needs here (website/agencies.py)."""
        from .demo import COMMUNICATIONS_PERMISSIONS

        return {"Communications": [f"forms_app.{codename}" for codename in COMMUNICATIONS_PERMISSIONS]}

    def seed_agency(self, *, home, demo, stdout):
        """Part of making an agency (website/agencies.py): the standard incident types and the
        five standard report forms, in English and French."""
        from .demo import seed

        created = seed(home)
        if created and stdout is not None:
            stdout.write(f"Published {created} report forms.")
