"""Small maps drawn from our own data, as inline SVG: an agency's boundary, an incident's point
and the points of related reports. No tile server, no outside host, no style attributes (the
Content-Security-Policy refuses them): colours are SVG presentation attributes.

The projection is equirectangular, longitudes scaled by the cosine of the map's middle latitude,
which is true enough at the size of a police service's area. Distances in words are measured in
that projection too (metres)."""

import hashlib
import math

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, shape

from .geo import EARTH_RADIUS_M

# Colours, each at least 3:1 against what it is drawn on (WCAG 1.4.11), text at least 4.5:1.
BACKGROUND = "#ffffff"
AREA_FILL = "#e3ecf7"
AREA_EDGE = "#1d4f91"
POINT_FILL = "#b3261e"
POINT_EDGE = "#ffffff"
OTHER_FILL = "#3d3d3d"
TEXT = "#1a1a1a"

METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180
PADDING = 12
SCALE_BAR_SPACE = 28


def _geometry(boundary):
    if not boundary:
        return None
    try:
        return shape(boundary)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _in_metres(geometry, middle_latitude):
    """``geometry`` (longitude, latitude) in metres east and north of (0, 0)."""
    return affinity.scale(
        geometry,
        xfact=METRES_PER_DEGREE * math.cos(math.radians(middle_latitude)),
        yfact=METRES_PER_DEGREE,
        origin=(0, 0),
    )


def distance_in_words(metres):
    """'250 m', '2.1 km', '48 km' in the active language's number format."""
    if metres < 1000:
        return _("%(metres)s m") % {"metres": number_format(round(metres))}
    kilometres = metres / 1000
    if kilometres < 10:
        return _("%(km)s km") % {"km": number_format(kilometres, decimal_pos=1)}
    return _("%(km)s km") % {"km": number_format(round(kilometres), force_grouping=True)}


def where_is(boundary, point):
    """(inside: bool or None, metres to the boundary's edge or None) of ``point`` (latitude,
    longitude); None and None with no boundary or no point."""
    geometry = _geometry(boundary)
    if geometry is None or point is None:
        return None, None
    latitude, longitude = point
    projected = _in_metres(geometry, latitude)
    spot = _in_metres(Point(longitude, latitude), latitude)
    inside = projected.covers(spot)
    return inside, projected.boundary.distance(spot)


def extent_in_words(boundary):
    """'about 40 km east to west and 55 km north to south (1,630 km²)', or '' with no boundary."""
    geometry = _geometry(boundary)
    if geometry is None:
        return ""
    _west, south, _east, north = geometry.bounds
    middle = (south + north) / 2
    projected = _in_metres(geometry, middle)
    p_west, p_south, p_east, p_north = projected.bounds
    area_km2 = projected.area / 1_000_000
    parts = len(geometry.geoms) if isinstance(geometry, MultiPolygon) else 1
    words = _("about %(width)s east to west and %(height)s north to south (%(area)s km²)") % {
        "width": distance_in_words(p_east - p_west),
        "height": distance_in_words(p_north - p_south),
        "area": number_format(area_km2, decimal_pos=1 if area_km2 < 10 else 0, force_grouping=True),
    }
    if parts > 1:
        words += " " + ngettext("in %(count)s part", "in %(count)s parts", parts) % {"count": parts}
    return words


def describe(boundary, point=None, others=()):
    """The map in words: its text alternative, in the active language."""
    inside, metres = where_is(boundary, point)
    if point is None:
        sentence = _("the agency’s boundary, %(extent)s") % {"extent": extent_in_words(boundary)}
    elif inside is None:
        sentence = _("the incident’s point (the agency has no boundary set)")
    elif inside:
        sentence = _("the incident’s point inside the agency’s boundary, %(distance)s from its edge") % {
            "distance": distance_in_words(metres)
        }
    else:
        sentence = _("the incident’s point outside the agency’s boundary, %(distance)s from it") % {
            "distance": distance_in_words(metres)
        }
    others = [p for p in others if p is not None]
    if others:
        sentence += "; " + ngettext(
            "%(count)s related report marked with a square",
            "%(count)s related reports marked with squares",
            len(others),
        ) % {"count": len(others)}
    return sentence


def _nice_length(metres):
    """The largest of 1, 2 and 5 times a power of ten not above ``metres``."""
    if metres <= 0:
        return 0
    power = 10 ** math.floor(math.log10(metres))
    return max(step * power for step in (1, 2, 5) if step * power <= metres)


def _fmt(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def location_map(boundary, point=None, others=(), *, width=320, label=None, id_prefix=None):
    """The map as a safe inline ``<svg>``: ``boundary`` (a GeoJSON geometry dict, or None),
    ``point`` (latitude, longitude) as a red marker, ``others`` (points of related reports) as
    squares, and a scale bar in metres. Its accessible name is ``label`` (default "Map") and
    the map in words (``describe``). '' when there is nothing to draw."""
    geometry = _geometry(boundary)
    others = [p for p in others if p is not None]
    points = ([point] if point is not None else []) + others
    if geometry is None and not points:
        return ""
    lons = [lon for _lat, lon in points]
    lats = [lat for lat, _lon in points]
    if geometry is not None:
        west, south, east, north = geometry.bounds
        lons += [west, east]
        lats += [south, north]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    middle = (south + north) / 2
    x_factor = math.cos(math.radians(middle))
    # A single point with no boundary: 500 m around it.
    span_x = max((east - west) * x_factor, 500 / METRES_PER_DEGREE)
    span_y = max(north - south, 500 / METRES_PER_DEGREE)
    centre_x, centre_y = (west + east) / 2 * x_factor, (south + north) / 2
    inner = width - 2 * PADDING
    scale = inner / span_x
    map_height = max(min(span_y * scale, inner * 1.25), inner / 3)
    scale = min(scale, map_height / span_y)
    height = map_height + 2 * PADDING + SCALE_BAR_SPACE

    def xy(lon, lat):
        x = PADDING + inner / 2 + (lon * x_factor - centre_x) * scale
        y = PADDING + map_height / 2 - (lat - centre_y) * scale
        return f"{_fmt(x)},{_fmt(y)}"

    parts = []
    if geometry is not None:
        polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
        rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
        path = " ".join("M" + " L".join(xy(lon, lat) for lon, lat in ring.coords) + " Z" for ring in rings)
        parts.append(
            f'<path d="{path}" fill="{AREA_FILL}" fill-rule="evenodd" stroke="{AREA_EDGE}" '
            'stroke-width="2" stroke-linejoin="round"/>'
        )
    for lat, lon in others:
        x, y = (float(v) for v in xy(lon, lat).split(","))
        parts.append(
            f'<rect x="{_fmt(x - 4)}" y="{_fmt(y - 4)}" width="8" height="8" fill="{OTHER_FILL}" '
            f'stroke="{POINT_EDGE}" stroke-width="1.5"/>'
        )
    if point is not None:
        x, y = xy(point[1], point[0]).split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="7" fill="{POINT_FILL}" stroke="{POINT_EDGE}" stroke-width="2.5"/>')
    # The scale bar: a round length about a quarter of the map's width.
    metres = _nice_length(inner / 4 / scale * METRES_PER_DEGREE)
    bar = metres / METRES_PER_DEGREE * scale
    bar_y = PADDING + map_height + SCALE_BAR_SPACE - 10
    parts.append(
        f'<path d="M{PADDING},{_fmt(bar_y - 5)} V{_fmt(bar_y)} H{_fmt(PADDING + bar)} V{_fmt(bar_y - 5)}" '
        f'fill="none" stroke="{TEXT}" stroke-width="2"/>'
        f'<text x="{_fmt(PADDING + bar + 6)}" y="{_fmt(bar_y)}" fill="{TEXT}" font-size="12" '
        f'font-family="sans-serif">{escape(distance_in_words(metres))}</text>'
    )
    name = _("%(label)s: %(description)s") % {
        "label": label or _("Map"),
        "description": describe(boundary, point, others),
    }
    if id_prefix is None:
        id_prefix = "map-" + hashlib.sha256(repr((boundary, point, others, width)).encode()).hexdigest()[:8]
    title_id = f"{escape(id_prefix)}-title"
    # Every text in it is escaped; everything else is numbers and our own colours.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" class="location-map" role="img" aria-labelledby="{title_id}" '
        f'width="{width}" height="{_fmt(height)}" viewBox="0 0 {width} {_fmt(height)}" focusable="false">'
        f'<title id="{title_id}">{escape(name)}</title>'
        f'<rect width="{width}" height="{_fmt(height)}" fill="{BACKGROUND}"/>' + "".join(parts) + "</svg>"
    )
