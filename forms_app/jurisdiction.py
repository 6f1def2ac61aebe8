"""The jurisdiction stop: a place outside this agency's area may be another agency's of the same
install. Then the citizen is told which one, its non-emergency number and, when it publishes one,
its form for the same kind of incident (its full address, on its own hostname, in the citizen's
language). No agency of the install serves the place: the stop says what it always said."""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Locale, Page

from website.models import POSTAL_PREFIX_RE, AgencySettings, normalise_postal_code

# A place typed into the stop page's search: a municipality name or a postal code (its first
# three characters at least), at most this long.
MAX_PLACE_LENGTH = 100


@dataclass
class Referral:
    """Another agency of the install that serves the place, and its form to use (None: none)."""

    agency: AgencySettings
    form_url: str | None


def agency_serving(*, postal_code="", municipality="", point=None, exclude_site_id=None):
    """The other agency whose jurisdiction covers the place: with a ``point`` (latitude,
    longitude), the one whose boundary holds it; else (or when no boundary holds it, as agencies
    without a boundary have none) the one with the longest postal-code prefix matching
    ``postal_code``, else one that serves ``municipality``; None if none does."""
    code = normalise_postal_code(postal_code)
    town = (municipality or "").strip()
    if not code and not town and point is None:
        return None
    agencies = list(AgencySettings.objects.exclude(site_id=exclude_site_id).select_related("site").order_by("pk"))
    if point is not None:
        inside = next((agency for agency in agencies if agency.covers_point(*point)), None)
        if inside is not None:
            return inside
    best, best_length = None, 0
    for agency in agencies:
        for prefix in agency.postal_prefix_list if code else []:
            if code.startswith(prefix) and len(prefix) > best_length:
                best, best_length = agency, len(prefix)
    if best is None and town:
        best = next((agency for agency in agencies if agency.covers_municipality(town)), None)
    return best


def same_incident_form(agency, page):
    """``agency``'s live, public form for the incident ``page`` is for (the same incident type, or
    one the RMS files the same way), in the active language when it has it; None if none."""
    from .models import ReportFormPage

    forms = ReportFormPage.objects.live().public().descendant_of(agency.site.root_page)
    incident = page.incident_type
    if incident is None:
        return None
    same = Q(incident_type=incident)
    if incident.ucr_code and incident.rms_occurrence_type:
        same |= Q(
            incident_type__ucr_code=incident.ucr_code, incident_type__rms_occurrence_type=incident.rms_occurrence_type
        )
    # The very same incident type first, then one the RMS files the same way.
    found = forms.filter(incident_type=incident).order_by("path").first()
    found = found or forms.filter(same).order_by("path").first()
    if found is None:
        return None
    translation = found.get_translation_or_none(Locale.get_active())
    if translation is not None and translation.live and Page.objects.filter(pk=translation.pk).public().exists():
        return translation
    return found


def referral_for(page, request, *, postal_code="", municipality="", point=None):
    """Whom to send the citizen to for a place outside this agency's area (None: no one known)."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    agency = agency_serving(
        postal_code=postal_code, municipality=municipality, point=point, exclude_site_id=site.pk if site else None
    )
    if agency is None:
        return None
    form = same_incident_form(agency, page)
    return Referral(agency=agency, form_url=form.get_full_url(request) if form is not None else None)


def parse_place(text):
    """A place the citizen typed: (postal code, municipality). A postal code or its first three
    characters count as a postal code; anything else as a municipality's name."""
    text = " ".join((text or "").split())[:MAX_PLACE_LENGTH]
    code = normalise_postal_code(text)
    if len(code) >= 3 and POSTAL_PREFIX_RE.match(code[:3]) and code[1].isdigit():
        return code, ""
    return "", text
