from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RmsExportConfig(AppConfig):
    name = "rms_export"
    verbose_name = _("RMS export")

    def ready(self):
        from . import receivers  # noqa: F401  (connects them)
        from .transports import registry
        from .transports.directory import DirectoryTransport
        from .transports.https import HttpsTransport

        for transport in (DirectoryTransport, HttpsTransport):
            if transport.id not in registry:
                registry.register(transport)

    def seed_demo(self, *, home, stdout):
        """Part of ``manage.py seed_demo``: the demo agency's RMS destination."""
        from .demo import seed

        seed(home)
