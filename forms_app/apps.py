from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsAppConfig(AppConfig):
    name = "forms_app"
    verbose_name = _("Report forms")

    def ready(self):
        from . import translated  # noqa: F401 (connects its signal receiver)

    def seed_demo(self, *, home, stdout):
        """Part of ``manage.py seed_demo``: the demo incident types and report forms."""
        from .demo import seed

        created = seed(home)
        if created:
            stdout.write(f"Published {created} demo report forms.")
