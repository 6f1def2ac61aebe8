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
        from .formats import (
            json2_format,
            json11_format,
            json21_format,
            json_format,
            xml2_format,
            xml11_format,
            xml21_format,
            xml_format,
        )
        from .transports.directory import DirectoryTransport
        from .transports.https import HttpsTransport

        # A version is a format of its own: a destination keeps the version it was made with
        # (the RMS's side was built for it) until staff choose the next one (ADR 0010).
        for format_id, module, label in (
            ("xml21", xml21_format, _("Incident XML 2.1 (with files, notes and the point)")),
            ("json21", json21_format, _("Incident JSON 2.1 (with files, notes and the point)")),
            ("xml2", xml2_format, _("Incident XML 2.0 (with files and notes)")),
            ("json2", json2_format, _("Incident JSON 2.0 (with files and notes)")),
            ("xml", xml_format, _("Incident XML 1.0 (file names only)")),
            ("json", json_format, _("Incident JSON 1.0 (file names only)")),
            ("xml11", xml11_format, _("Incident XML 1.1 (file names only, with the point)")),
            ("json11", json11_format, _("Incident JSON 1.1 (file names only, with the point)")),
        ):
            if format_id not in formats.registry:
                formats.registry.register(module, id=format_id, label=label)
        for transport in (DirectoryTransport, HttpsTransport):
            if transport.id not in transports.registry:
                transports.registry.register(transport)

    def seed_agency(self, *, home, demo, stdout):
        """Part of making a demo agency (website/agencies.py): its RMS destination, the reference
        receiver that ``make run`` starts. A real agency's staff add their own."""
        if demo:
            from .demo import seed

            seed(home)
