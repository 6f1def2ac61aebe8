from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RmsExportConfig(AppConfig):
    name = "rms_export"
    verbose_name = _("RMS export")

    def ready(self):
        from . import (
            formats,
            receivers,  # noqa: F401  (connects them)
            transports,
        )
        from .formats import json_format, xml_format
        from .transports.directory import DirectoryTransport
        from .transports.https import HttpsTransport

        for format_id, module, label in (
            ("xml", xml_format, _("Incident XML 1.0")),
            ("json", json_format, _("Incident JSON 1.0")),
        ):
            if format_id not in formats.registry:
                formats.registry.register(module, id=format_id, label=label)
        for transport in (DirectoryTransport, HttpsTransport):
            if transport.id not in transports.registry:
                transports.registry.register(transport)

    def seed_demo(self, *, home, stdout):
        """Part of ``manage.py seed_demo``: the demo agency's RMS destination."""
        from .demo import seed

        seed(home)
