"""Where things are, on our own data only (no outside geocoder or tile server): an agency's
boundary (a GeoJSON polygon or multipolygon kept in its settings), whether a point lies inside
it, which agency of the install covers a point, and distances between points.

Points are (latitude, longitude) in WGS 84 degrees; GeoJSON keeps (longitude, latitude)."""

import json
import math
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely import prepare
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.ops import unary_union
from shapely.validation import explain_validity

EARTH_RADIUS_M = 6_371_008.8
# A boundary file larger than this is not an agency's area: it would be slow on every report.
MAX_BOUNDARY_BYTES = 5 * 1024 * 1024
MAX_BOUNDARY_POINTS = 200_000


def unreadable():
    return _("The boundary’s coordinates cannot be read: each point must be [longitude, latitude].")


def parse_boundary(value):
    """The boundary in ``value`` (GeoJSON text, bytes or an already decoded object: a Polygon or
    MultiPolygon geometry, a Feature of one, or a FeatureCollection of them) as a GeoJSON geometry
    dict, in WGS 84 longitude/latitude. Raises ``ValidationError`` with a message staff can act on."""
    if isinstance(value, bytes):
        if len(value) > MAX_BOUNDARY_BYTES:
            raise ValidationError(_("The boundary file is larger than 5 MB: simplify the boundary first."))
        try:
            value = value.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The boundary file is not text: upload a GeoJSON (.geojson or .json) file.")
            ) from None
    if isinstance(value, str):
        if len(value) > MAX_BOUNDARY_BYTES:
            raise ValidationError(_("The boundary file is larger than 5 MB: simplify the boundary first."))
        try:
            value = json.loads(value)
        except ValueError as error:
            raise ValidationError(
                _("The boundary is not valid GeoJSON (line %(line)s: %(problem)s)."),
                params={"line": getattr(error, "lineno", "?"), "problem": getattr(error, "msg", str(error))},
            ) from None
    geometry = _geometry(value)
    try:
        parsed = shape(geometry)
    except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise ValidationError(
            _("The boundary’s coordinates cannot be read: each point must be [longitude, latitude].")
        ) from None
    if not isinstance(parsed, Polygon | MultiPolygon):
        raise ValidationError(
            _("The boundary must be a Polygon or a MultiPolygon, not a %(kind)s."), params={"kind": parsed.geom_type}
        )
    if parsed.is_empty:
        raise ValidationError(_("The boundary is empty."))
    points = (
        len(parsed.exterior.coords)
        if isinstance(parsed, Polygon)
        else sum(len(p.exterior.coords) for p in parsed.geoms)
    )
    if points > MAX_BOUNDARY_POINTS:
        raise ValidationError(_("The boundary has more than 200,000 points: simplify it first."))
    west, south, east, north = parsed.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValidationError(
            _(
                "The boundary’s coordinates are not longitudes and latitudes in degrees (WGS 84): "
                "export it in EPSG:4326."
            )
        )
    if not parsed.is_valid:
        raise ValidationError(
            _("The boundary is not a valid shape (%(problem)s): fix it in your mapping software."),
            params={"problem": explain_validity(parsed)},
        )
    return parsed.__geo_interface__ | {"type": parsed.geom_type}


def _geometry(value):
    if not isinstance(value, dict) or "type" not in value:
        raise ValidationError(_("The boundary is not a GeoJSON object (it needs a “type”)."))
    kind = value.get("type")
    if kind == "Feature":
        return _geometry(value.get("geometry") or {})
    if kind == "FeatureCollection":
        features = value.get("features") or []
        if not features:
            raise ValidationError(_("The boundary file holds no features."))
        try:
            shapes = [shape(_geometry(f)) for f in features]
            return unary_union(shapes).__geo_interface__
        except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError):
            raise ValidationError(unreadable()) from None
    if "coordinates" not in value:
        raise ValidationError(_("The boundary has no coordinates."))
    return value


@lru_cache(maxsize=64)
def _prepared(boundary_json):
    geometry = shape(json.loads(boundary_json))
    prepare(geometry)
    return geometry


def boundary_shape(boundary):
    """The prepared shapely geometry of a stored boundary (a GeoJSON dict), cached; None if none."""
    if not boundary:
        return None
    return _prepared(json.dumps(boundary, sort_keys=True))


def covers(boundary, latitude, longitude):
    """Whether the point lies inside ``boundary`` or on its edge; None when there is no boundary."""
    geometry = boundary_shape(boundary)
    if geometry is None or latitude is None or longitude is None:
        return None
    return geometry.covers(Point(float(longitude), float(latitude)))


def metres_between(a, b):
    """The great-circle distance in metres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def box_around(latitude, longitude, metres):
    """(south, north, west, east) in degrees of a box holding every point within ``metres``:
    a cheap database filter before the exact distance."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlon = math.degrees(metres / (EARTH_RADIUS_M * max(math.cos(math.radians(latitude)), 1e-6)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon
