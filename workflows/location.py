"""Where the report's incident happened, for the reviewer: the address as the citizen gave it,
the point, a small map of the agency's boundary with the point (``website.maps``), whether the
point is outside the boundary, and the related reports, as Signalen's panel: the same agency's
other reports within 250 m sent within 12 weeks of this one, and the same reporter's other
reports (email, in any case). Never another agency's report. A fixed number of queries, however
many reports are related."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from forms_app.mapping import Element
from forms_app.models import AgencyIncidentType, Report
from website.geo import box_around, covers, metres_between
from website.maps import distance_in_words, location_map
from website.models import AgencySettings

from .models import ReportProcess

NEARBY_METRES = 250
NEARBY_WEEKS = 12
# The lists are for reading at a glance: the newest this many of each.
MAX_RELATED = 20
# The answer of the "Address" question (chosen from the agency's register): a dict with "text".
LOCATION_ADDRESS = getattr(Element, "LOCATION_ADDRESS", "location_address")


@dataclass
class RelatedReport:
    report: Report
    incident_type: str
    metres: float | None
    url: str

    @property
    def distance(self):
        return distance_in_words(self.metres) if self.metres is not None else ""


def point_of(report):
    if report.latitude is None or report.longitude is None:
        return None
    return report.latitude, report.longitude


def address_text(report, answers):
    """The place as the citizen gave it: the register's address they chose (and their
    description), else the street, municipality and postal code they typed."""
    by_element = {a.element: a.value for a in answers if a.element}
    chosen = by_element.get(LOCATION_ADDRESS)
    if isinstance(chosen, dict):
        return ", ".join(filter(None, [chosen.get("text"), chosen.get("description")]))
    street = by_element.get(Element.LOCATION_STREET)
    parts = [street if isinstance(street, str) else "", report.municipality, report.postal_code]
    return ", ".join(part for part in parts if part)


def nearby_reports(report):
    """The same agency's other reports within ``NEARBY_METRES`` of the report's point, sent
    within ``NEARBY_WEEKS`` weeks of it, nearest first: [(report, metres)]."""
    point = point_of(report)
    if point is None:
        return []
    south, north, west, east = box_around(*point, NEARBY_METRES)
    window = datetime.timedelta(weeks=NEARBY_WEEKS)
    candidates = (
        Report.objects.filter(
            site_id=report.site_id,
            latitude__range=(south, north),
            longitude__range=(west, east),
            submit_time__range=(report.submit_time - window, report.submit_time + window),
        )
        .exclude(pk=report.pk)
        .select_related("incident_type")
        .order_by("-submit_time")
    )
    found = [(other, metres_between(point, point_of(other))) for other in candidates[: MAX_RELATED * 4]]
    return sorted(((r, m) for r, m in found if m <= NEARBY_METRES), key=lambda pair: pair[1])[:MAX_RELATED]


def same_reporter(report):
    """The same agency's other reports sent from the report's email address, newest first."""
    if not report.reporter_email:
        return []
    return list(
        Report.objects.filter(site_id=report.site_id, reporter_email__iexact=report.reporter_email)
        .exclude(pk=report.pk)
        .select_related("incident_type")
        .order_by("-submit_time")[:MAX_RELATED]
    )


def _rows(report, nearby, by_email):
    """Each related report with its incident type as the agency names it, its distance and its
    page (the process page: its agency is checked there), in two queries for all of them."""
    from .flows import ReportFlow  # the flow imports the views, which import this

    point = point_of(report)
    everyone = {r.pk: r for r, _m in nearby} | {r.pk: r for r in by_email}
    processes = dict(
        ReportProcess.objects.filter(
            artifact_content_type=ContentType.objects.get_for_model(Report), artifact_object_id__in=list(everyone)
        ).values_list("artifact_object_id", "pk")
    )
    own_names = {
        setting.incident_type_id: setting
        for setting in AgencyIncidentType.objects.filter(
            site_id=report.site_id, incident_type_id__in={r.incident_type_id for r in everyone.values()}
        )
    }

    def row(other, metres):
        setting = own_names.get(other.incident_type_id) or AgencyIncidentType(
            site_id=report.site_id, incident_type=other.incident_type
        )
        process = processes.get(other.pk)
        url = ReportFlow.instance.reverse("process_detail", args=[process]) if process is not None else ""
        return RelatedReport(report=other, incident_type=setting.name(), metres=metres, url=url)

    def distance(other):
        there = point_of(other)
        return metres_between(point, there) if point is not None and there is not None else None

    return [row(r, m) for r, m in nearby], [row(r, distance(r)) for r in by_email]


def location_context(report, answers):
    """What ``workflows/report/location.html`` shows of ``report``."""
    point = point_of(report)
    boundary = AgencySettings.objects.filter(site_id=report.site_id).values_list("boundary", flat=True).first()
    nearby, by_email = _rows(report, nearby_reports(report), same_reporter(report))
    inside = covers(boundary, *point) if point is not None else None
    return {
        "address": address_text(report, answers),
        "point": point,
        # Six decimals (about 10 cm), no trailing zeros: 43.55, -79.58.
        "coordinates": [f"{value:.6f}".rstrip("0").rstrip(".") for value in point] if point is not None else None,
        "has_boundary": bool(boundary),
        "outside": inside is False,
        "map": location_map(
            boundary,
            point,
            [point_of(row.report) for row in nearby],
            width=320,
            label=_("Map of where it happened"),
            id_prefix=f"location-map-{report.pk}",
        )
        if point is not None
        else "",
        "nearby": nearby,
        "by_email": by_email,
        "nearby_metres": NEARBY_METRES,
        "nearby_weeks": NEARBY_WEEKS,
    }
