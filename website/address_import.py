"""Importing a CSV file into an agency's address register, streamed: a million rows in a few
minutes with the memory of one batch.

The documented column set is the address file of Statistics Canada's National Address Register
(NAR); any other CSV works too, once staff say which of its columns holds each address field
(``guess_mapping`` fills the choice in from the NAR's names and from plain ones like "street").
``inspect`` reads the header and checks the whole file is UTF-8 text before anything is imported;
``run`` reads the rows, has ``AddressResource``'s fields clean each one, and writes them
``BATCH_SIZE`` at a time with one upsert on (site, source_id): a re-import updates the addresses it
already has. A refused row is counted and the first ``MAX_LISTED_ERRORS`` are kept with their line
number and reason; a row outside the agency's boundary is counted and skipped. Each batch is
committed on its own, so rows already imported stay whatever comes after them. See
docs/adr/0016-address-register.md.
"""

import codecs
import contextlib
import csv
import math
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .address_resources import AddressResource
from .addresses import search_text_for
from .models import Address

BATCH_SIZE = 5000
MAX_LISTED_ERRORS = 100
SAMPLE_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024
# A NAR row is ~400 characters; a field this long is not an address.
csv.field_size_limit(64 * 1024)


@dataclass(frozen=True)
class Target:
    """What the import reads from one column: ``key`` (an Address field or a part of one)."""

    key: str
    label: str
    required: bool
    # Column names recognised for it, in order of preference (compared without case).
    names: tuple


TARGETS = (
    Target("source_id", gettext_lazy("Register identifier"), True, ("ADDR_GUID", "source_id", "id", "address_id")),
    Target("civic_number", gettext_lazy("Civic number"), True, ("CIVIC_NO", "civic_number", "number", "civic")),
    Target("civic_suffix", gettext_lazy("Civic number suffix (e.g. A)"), False, ("CIVIC_NO_SUFFIX", "civic_suffix")),
    Target("street", gettext_lazy("Street name"), True, ("OFFICIAL_STREET_NAME", "street", "street_name")),
    Target("street_type", gettext_lazy("Street type (e.g. St)"), False, ("OFFICIAL_STREET_TYPE", "street_type")),
    Target(
        "street_direction",
        gettext_lazy("Street direction (e.g. W)"),
        False,
        ("OFFICIAL_STREET_DIR", "street_direction", "street_dir"),
    ),
    Target("unit", gettext_lazy("Unit"), False, ("APT_NO_LABEL", "unit", "apt", "suite")),
    Target(
        "municipality",
        gettext_lazy("Municipality"),
        True,
        ("CSD_ENG_NAME", "MAIL_MUN_NAME", "municipality", "city", "town"),
    ),
    Target("province", gettext_lazy("Province"), False, ("MAIL_PROV_ABVN", "PROV_CODE", "province", "prov")),
    Target("postal_code", gettext_lazy("Postal code"), False, ("MAIL_POSTAL_CODE", "postal_code", "postcode")),
    Target("latitude", gettext_lazy("Latitude"), False, ("BG_LATITUDE", "latitude", "lat")),
    Target("longitude", gettext_lazy("Longitude"), False, ("BG_LONGITUDE", "longitude", "lon", "lng")),
    Target("x", gettext_lazy("X, Statistics Canada Lambert (EPSG:3347)"), False, ("BG_X", "x")),
    Target("y", gettext_lazy("Y, Statistics Canada Lambert (EPSG:3347)"), False, ("BG_Y", "y")),
)
TARGET_KEYS = tuple(t.key for t in TARGETS)
UPDATE_FIELDS = [
    "civic_number",
    "street",
    "unit",
    "municipality",
    "province",
    "postal_code",
    "latitude",
    "longitude",
    "search_text",
]
# French street types come before the name: "Rue Principale", not "Principale Rue".
FRENCH_TYPES_FIRST = frozenset(
    {"rue", "ch", "chemin", "boul", "boulevard", "rte", "route", "rang", "montée", "mtée", "côte", "impasse"}
    | {"imp", "allée", "place", "pl", "promenade", "prom"}
)


class ImportFileError(Exception):
    """What makes a whole file unusable, in words for the member of staff who uploaded it."""


@dataclass
class FileInfo:
    columns: list
    delimiter: str
    rows: int


@dataclass
class Counts:
    processed: int = 0
    created: int = 0
    updated: int = 0
    errors: int = 0
    outside: int = 0
    listed: list = field(default_factory=list)

    def refuse(self, line, reason):
        self.errors += 1
        if len(self.listed) < MAX_LISTED_ERRORS:
            self.listed.append([line, str(reason)])


# The file ----------------------------------------------------------------------------------------


def inspect(path):
    """The file's columns, delimiter and number of rows; ``ImportFileError`` for a file that is
    empty, not text, not UTF-8, or whose header is not a list of distinct column names."""
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        if not head.strip():
            raise ImportFileError(_("The file is empty."))
        if head.startswith(b"PK\x03\x04") or b"\x00" in head:
            raise ImportFileError(
                _(
                    "This is not a CSV file (a spreadsheet or another binary file?): "
                    "save it as “CSV UTF-8” and try again."
                )
            )
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines = 0
        last = b""
        while chunk := handle.read(CHUNK_BYTES):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                raise ImportFileError(
                    _("The file is not UTF-8 text (near line %(line)d): save it as “CSV UTF-8” and try again.")
                    % {"line": _first_bad_line(path)}
                ) from None
            lines += chunk.count(b"\n")
            last = chunk
        if not last.endswith(b"\n"):
            lines += 1
    header = head.decode("utf-8-sig", "replace").splitlines()[0]
    delimiter = max([",", ";", "\t"], key=header.count)
    columns = [name.strip() for name in next(csv.reader([header], delimiter=delimiter))]
    if len(columns) < 2 or not all(columns):
        raise ImportFileError(
            _("The first line must name the columns, separated by commas (e.g. ADDR_GUID,CIVIC_NO,…).")
        )
    duplicates = sorted({c for c in columns if [x.lower() for x in columns].count(c.lower()) > 1})
    if duplicates:
        raise ImportFileError(_("These columns are named twice: %(names)s.") % {"names": ", ".join(duplicates)})
    rows = lines - 1
    if rows < 1:
        raise ImportFileError(_("The file names its columns but has no rows."))
    return FileInfo(columns=columns, delimiter=delimiter, rows=rows)


def _first_bad_line(path):
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


# The column mapping ------------------------------------------------------------------------------


def guess_mapping(columns):
    """{target key: column} for each target one of ``columns`` is recognised for."""
    by_name = {column.lower(): column for column in columns}
    mapping = {}
    for target in TARGETS:
        for name in target.names:
            if name.lower() in by_name:
                mapping[target.key] = by_name[name.lower()]
                break
    return mapping


def check_mapping(mapping, columns):
    """The problems of ``mapping`` (a list of sentences; empty when it can run)."""
    problems = []
    known = set(columns)
    for key, column in mapping.items():
        if key not in TARGET_KEYS:
            problems.append(_("“%(key)s” is not an address field.") % {"key": key})
        elif column and column not in known:
            problems.append(_("The file has no column “%(column)s”.") % {"column": column})
    for target in TARGETS:
        if target.required and not mapping.get(target.key):
            problems.append(_("Choose the column that holds: %(field)s.") % {"field": target.label})
    has_degrees = mapping.get("latitude") and mapping.get("longitude")
    has_lambert = mapping.get("x") and mapping.get("y")
    if not (has_degrees or has_lambert):
        problems.append(
            _("Choose the columns of the point: latitude and longitude, or X and Y (Statistics Canada Lambert).")
        )
    return problems


# One row -----------------------------------------------------------------------------------------


def _tidy(text):
    """ "MAIN" -> "Main" (a register in capitals reads as the citizen writes); mixed case kept."""
    text = " ".join(text.split())
    return text.title() if text.isupper() and len(text) > 1 else text


def compose_street(name, street_type="", direction=""):
    """The NAR's parts of a street as it is written: "Main St W", "Rue Principale"."""
    name, street_type, direction = _tidy(name), _tidy(street_type), direction.strip().upper()
    first = street_type and street_type.lower() in FRENCH_TYPES_FIRST
    words = [street_type, name] if first else [name, street_type]
    return " ".join(w for w in [*words, direction] if w)


class RowReader:
    """Turns a row of the file (a list of values) into the values of an Address, through the
    mapping and ``AddressResource``'s fields; ``ValueError`` with the reason for a bad row."""

    def __init__(self, columns, mapping):
        self.width = len(columns)
        index = {column: i for i, column in enumerate(columns)}
        self.at = {key: index[column] for key, column in mapping.items() if column in index}
        self.degrees = "latitude" in self.at and "longitude" in self.at
        resource = AddressResource()
        self.fields = [(name, resource.fields[name]) for name in AddressResource.Meta.fields]

    def get(self, row, key):
        position = self.at.get(key)
        return row[position].strip() if position is not None else ""

    def values(self, row):
        if len(row) != self.width:
            raise ValueError(
                _("It has %(found)d values where the first line names %(expected)d columns.")
                % {"found": len(row), "expected": self.width}
            )
        number = self.get(row, "civic_number")
        suffix = self.get(row, "civic_suffix")
        source = {
            "source_id": self.get(row, "source_id"),
            "civic_number": f"{number}{suffix}" if number else "",
            "street": compose_street(
                self.get(row, "street"), self.get(row, "street_type"), self.get(row, "street_direction")
            ),
            "unit": self.get(row, "unit"),
            "municipality": _tidy(self.get(row, "municipality")),
            "province": self.get(row, "province"),
            "postal_code": self.get(row, "postal_code"),
        }
        if self.degrees:
            source["latitude"], source["longitude"] = self.get(row, "latitude"), self.get(row, "longitude")
        else:
            source["latitude"], source["longitude"] = self._from_lambert(row)
        return {name: resource_field.clean(source) for name, resource_field in self.fields}

    def _from_lambert(self, row):
        x, y = self.get(row, "x"), self.get(row, "y")
        try:
            latitude, longitude = statcan_lambert_to_degrees(float(x), float(y))
        except ValueError:
            raise ValueError(_("X “%(x)s” and Y “%(y)s” are not a point.") % {"x": x[:24], "y": y[:24]}) from None
        return repr(latitude), repr(longitude)


# The import --------------------------------------------------------------------------------------


def run(site, path, mapping, *, info=None, progress=None):
    """Import the file at ``path`` into ``site``'s register; the ``Counts``. ``progress(counts)``
    is called after each batch. ``ImportFileError`` for a file ``inspect`` refuses."""
    info = info or inspect(path)
    problems = check_mapping(mapping, info.columns)
    if problems:
        raise ImportFileError(" ".join(problems))
    reader = RowReader(info.columns, mapping)
    settings = getattr(site, "agencysettings", None)
    boundary = settings.boundary if settings is not None else None
    counts = Counts()
    batch = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle, delimiter=info.delimiter)
        next(rows)  # the column names
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as error:
                counts.processed += 1
                counts.refuse(rows.line_num, _("It cannot be read as CSV: %(error)s.") % {"error": error})
                continue
            if not row or row == [""]:
                continue
            counts.processed += 1
            try:
                values = reader.values(row)
            except ValueError as error:
                counts.refuse(rows.line_num, error)
                continue
            batch[values["source_id"]] = (rows.line_num, values)
            if len(batch) >= BATCH_SIZE:
                _write(site, batch, boundary, counts)
                batch = {}
                if progress:
                    progress(counts)
    if batch:
        _write(site, batch, boundary, counts)
    if progress:
        progress(counts)
    return counts


def _write(site, batch, boundary, counts):
    """Upsert one batch ({source_id: (line, values)}): the rows inside the boundary, in one
    transaction. A source id seen twice in a batch: the later row wins (counted as an update)."""
    from .geo import boundary_shape

    rows = list(batch.values())
    shape = boundary_shape(boundary)
    if shape is not None:
        import shapely

        points = shapely.points([v["longitude"] for _l, v in rows], [v["latitude"] for _l, v in rows])
        inside = shapely.covers(shape, points)
        counts.outside += int(len(rows) - inside.sum())
        rows = [row for row, keep in zip(rows, inside, strict=True) if keep]
    if not rows:
        return
    addresses = []
    for _line, values in rows:
        address = Address(site=site, **values)
        address.search_text = search_text_for(address)
        addresses.append(address)
    ids = [a.source_id for a in addresses]
    with transaction.atomic():
        existing = Address.objects.filter(site=site, source_id__in=ids).count()
        Address.objects.bulk_create(
            addresses,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["site", "source_id"],
            update_fields=UPDATE_FIELDS,
        )
    counts.created += len(addresses) - existing
    counts.updated += existing


# Statistics Canada Lambert (EPSG:3347) -----------------------------------------------------------


@dataclass(frozen=True)
class LambertConic:
    """A Lambert conformal conic projection with two standard parallels (EPSG method 9802) on an
    ellipsoid, after IOGP's Guidance Note 7-2; angles in degrees, distances in the unit of
    ``semi_major`` (and of the false easting and northing)."""

    semi_major: float
    inverse_flattening: float
    latitude_of_origin: float
    central_meridian: float
    parallel_1: float
    parallel_2: float
    false_easting: float
    false_northing: float

    @property
    def _constants(self):
        f = 1 / self.inverse_flattening
        e = math.sqrt(2 * f - f * f)
        phi1, phi2, phi0 = (math.radians(v) for v in (self.parallel_1, self.parallel_2, self.latitude_of_origin))

        def m(phi):
            return math.cos(phi) / math.sqrt(1 - (e * math.sin(phi)) ** 2)

        def t(phi):
            s = e * math.sin(phi)
            return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (e / 2)

        n = (math.log(m(phi1)) - math.log(m(phi2))) / (math.log(t(phi1)) - math.log(t(phi2)))
        big_f = m(phi1) / (n * t(phi1) ** n)
        r0 = self.semi_major * big_f * t(phi0) ** n
        return e, n, big_f, r0, t

    def forward(self, latitude, longitude):
        """(easting, northing) of a point in degrees."""
        _e, n, big_f, r0, t = self._constants
        r = self.semi_major * big_f * t(math.radians(latitude)) ** n
        theta = n * (math.radians(longitude) - math.radians(self.central_meridian))
        return self.false_easting + r * math.sin(theta), self.false_northing + r0 - r * math.cos(theta)

    def inverse(self, easting, northing):
        """(latitude, longitude) in degrees of a projected point."""
        e, n, big_f, r0, _t = self._constants
        dx, dy = easting - self.false_easting, r0 - (northing - self.false_northing)
        r = math.copysign(math.hypot(dx, dy), n)
        t = (r / (self.semi_major * big_f)) ** (1 / n)
        theta = math.atan2(dx, dy) if n > 0 else math.atan2(-dx, -dy)
        phi = math.pi / 2 - 2 * math.atan(t)
        for _step in range(15):
            s = e * math.sin(phi)
            following = math.pi / 2 - 2 * math.atan(t * ((1 - s) / (1 + s)) ** (e / 2))
            if abs(following - phi) < 1e-12:
                phi = following
                break
            phi = following
        return math.degrees(phi), math.degrees(theta / n) + self.central_meridian


# NAD83 / Statistics Canada Lambert, on GRS 1980 (NAD83 and WGS 84 differ by under 2 m here).
STATCAN_LAMBERT = LambertConic(
    semi_major=6378137.0,
    inverse_flattening=298.257222101,
    latitude_of_origin=63.390675,
    central_meridian=-91.86666666666666,
    parallel_1=49.0,
    parallel_2=77.0,
    false_easting=6200000.0,
    false_northing=3000000.0,
)


def statcan_lambert_to_degrees(x, y):
    """(latitude, longitude) of the NAR's BG_X, BG_Y; ``ValueError`` for values that are no point."""
    if not (math.isfinite(x) and math.isfinite(y)) or not (0 < x < 12_000_000 and -1_000_000 < y < 8_000_000):
        raise ValueError("not a Statistics Canada Lambert point")
    return STATCAN_LAMBERT.inverse(x, y)


# An import staff started -------------------------------------------------------------------------


def import_directory():
    """Where uploads wait for their import: private, never served."""
    from pathlib import Path

    from django.conf import settings

    directory = Path(settings.PRIVATE_MEDIA_ROOT) / "address-imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def run_job(job):
    """Run the ``AddressImport`` ``job`` (queued), its progress written to it after each batch; the
    uploaded file goes once it has run. Never raises for a bad file: the job then says why."""
    import os

    from django.utils import timezone

    from . import audit
    from .models import AddressImport

    jobs = AddressImport.objects.filter(pk=job.pk)
    if job.status != AddressImport.Status.QUEUED:
        return job
    jobs.update(status=AddressImport.Status.RUNNING)

    def progress(counts):
        jobs.update(
            processed=counts.processed,
            created=counts.created,
            updated=counts.updated,
            error_count=counts.errors,
            outside=counts.outside,
            errors=counts.listed,
        )

    try:
        counts = run(job.site, job.path, job.mapping, progress=progress)
    except ImportFileError as error:
        jobs.update(status=AddressImport.Status.FAILED, message=str(error), finished_at=timezone.now())
    else:
        progress(counts)
        jobs.update(status=AddressImport.Status.DONE, finished_at=timezone.now())
    finally:
        with contextlib.suppress(OSError):
            os.remove(job.path)
    job.refresh_from_db()
    audit.record(
        None,
        job,
        audit.Action.IMPORT_FINISHED,
        user=job.user,
        detail=(
            f"address register {job.file_name}: {job.get_status_display()}, {job.created} added, "
            f"{job.updated} updated, {job.error_count} refused, {job.outside} outside the boundary"
        ),
        outcome=job.status,
    )
    return job
