from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RmsExportConfig(AppConfig):
    name = "rms_export"
    verbose_name = _("RMS export")
