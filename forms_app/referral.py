"""A report sent to the wrong police service goes to the right one on the same install, without
the citizen starting again.

The report itself moves (its agency, reference number and incident type change), so everything
that hangs off it moves with it: its files, notes, status history, audit rows and review process.
Its old reference number is kept (``PreviousReference``): the status link the citizen already has
names it, and it still opens the report (on the new agency's site), and the new agency's staff
find the report by it. Who may see the report follows its agency, so the agency it left no longer
sees it anywhere.
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from website.models import AgencySettings

from .history import change_status
from .models import IncidentType, PreviousReference, Report, ReportStatus
from .references import next_reference
from .status import site_base_url


class ReferralError(ValueError):
    """The report cannot go to that agency (it is there already)."""


def refer(report, site, *, incident_type, actor=None, note="", request=None):
    """Move ``report`` to the agency ``site`` with ``incident_type`` (one that agency may use) and
    a new reference number of that agency's prefix; its history gets the public step "sent to
    ..." (``ReportStatus.REFERRED``, which emails the citizen in their language, after the
    commit). Returns that history row. In the caller's transaction (the reviewer's decision)."""
    if not IncidentType.objects.filter(pk=incident_type.pk).usable_by(site.pk).exists():
        raise ReferralError(f"Incident type {incident_type.code} is not one agency {site.pk} may use")
    with transaction.atomic():
        # The row lock orders this after any change being made to the report at the same time.
        current = Report.objects.select_for_update().only("site_id", "reference").get(pk=report.pk)
        if current.site_id == site.pk:
            raise ReferralError(f"Report {current.reference} is agency {site.pk}'s already")
        agency = AgencySettings.for_site(site)
        PreviousReference.objects.create(report=report, reference=current.reference, site_id=current.site_id)
        report.reference = next_reference(agency.reference_prefix, timezone.localtime().year)
        report.site = site
        report.incident_type = incident_type
        # Every link emailed from now on goes to the new agency's site.
        report.site_address = site_base_url(site, request)
        report.save(update_fields=["reference", "site", "incident_type", "site_address"])
        with translation.override(report.language):
            message = _("Sent to %(agency)s, who serve where it happened: your new reference is %(reference)s.") % {
                "agency": agency.name,
                "reference": report.reference,
            }
        return change_status(report, ReportStatus.REFERRED, actor=actor, public_message=message, note=note)
