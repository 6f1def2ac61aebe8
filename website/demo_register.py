"""The demo agencies' address registers, made by code (no download): a few thousand addresses
each, along plausible streets of the demo region's towns (``website.demo_geo``), with civic
numbers, a unit for some, a postal code of the town's prefixes and a point inside the agency's
boundary. Every town has a Main Street, so "12 main" finds something.

The same random seed makes the same rows every time, each with a fixed register identifier
("DEMO-DRPS-00042"): seeding again updates them in place (``seed_demo`` twice = the same rows)."""

import math
import random

from .addresses import search_text_for
from .demo_geo import DEMO_BOUNDARY, DEMO_TOWNS, LAKESHORE_BOUNDARY, LAKESHORE_TOWNS
from .geo import covers

# By the agency's reference prefix: its towns and its boundary.
REGISTERS = {"DRPS": (DEMO_TOWNS, DEMO_BOUNDARY), "LPS": (LAKESHORE_TOWNS, LAKESHORE_BOUNDARY)}
STREET_NAMES = [
    "Main",
    "King",
    "Queen",
    "Church",
    "Maple",
    "Oak",
    "Elm",
    "Cedar",
    "Pine",
    "Victoria",
    "Mill",
    "Bridge",
    "Water",
    "Park",
    "Forest",
    "Ridge",
    "Spring",
    "Centre",
    "Lakeview",
    "Orchard",
    "Wellington",
    "Brock",
    "Elgin",
    "Simcoe",
    "Birch",
    "Willow",
    "Harbour",
    "Riverside",
    "Sunset",
    "Colborne",
]
STREET_TYPES = ["Street", "Avenue", "Road", "Drive", "Crescent", "Court", "Boulevard", "Lane", "Way"]
DIRECTIONS = ["", "", "", "", "East", "West", "North", "South"]
POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"
STREETS_PER_TOWN = 16
METRES_PER_NUMBER = 9.0
METRES_PER_DEGREE = 111_320.0


def _postal_code(rng, prefixes):
    return f"{rng.choice(prefixes)} {rng.randint(0, 9)}{rng.choice(POSTAL_LETTERS)}{rng.randint(0, 9)}"


def _offset(latitude, longitude, north_m, east_m):
    return (
        latitude + north_m / METRES_PER_DEGREE,
        longitude + east_m / (METRES_PER_DEGREE * math.cos(math.radians(latitude))),
    )


def addresses_for(prefix):
    """The demo register of the agency ``prefix`` (a list of dicts of Address fields), always the same."""
    towns, boundary = REGISTERS[prefix]
    rng = random.Random(f"openreport-demo-register-{prefix}")  # noqa: S311 (demo data, not a secret)
    rows = []
    for municipality, latitude, longitude, radius_km, prefixes in towns:
        names = ["Main", *rng.sample([n for n in STREET_NAMES if n != "Main"], STREETS_PER_TOWN - 1)]
        for name in names:
            street_type, direction = rng.choice(STREET_TYPES), rng.choice(DIRECTIONS)
            street = "Main Street" if name == "Main" else " ".join(p for p in [name, street_type, direction] if p)
            postal_code = _postal_code(rng, prefixes)
            bearing = rng.uniform(0, math.pi)
            count = rng.randint(30, 90)
            # The street's first number somewhere in town, in the boundary (tried a few times).
            for _attempt in range(20):
                distance = rng.uniform(0, radius_km * 700)
                angle = rng.uniform(0, 2 * math.pi)
                start = _offset(latitude, longitude, distance * math.cos(angle), distance * math.sin(angle))
                end = _offset(*start, *(count * METRES_PER_NUMBER * f for f in (math.cos(bearing), math.sin(bearing))))
                if covers(boundary, *start) and covers(boundary, *end):
                    break
            else:
                continue
            for number in range(1, count + 1):
                along = number * METRES_PER_NUMBER
                side = 8.0 if number % 2 else -8.0
                point = _offset(
                    *start,
                    along * math.cos(bearing) - side * math.sin(bearing),
                    along * math.sin(bearing) + side * math.cos(bearing),
                )
                units = [""] if rng.random() > 0.08 else [str(u) for u in range(1, rng.randint(2, 6))]
                for unit in units:
                    rows.append(
                        {
                            "civic_number": str(number),
                            "street": street,
                            "unit": unit,
                            "municipality": municipality,
                            "province": "ON",
                            "postal_code": postal_code,
                            "latitude": round(point[0], 6),
                            "longitude": round(point[1], 6),
                        }
                    )
    for index, row in enumerate(rows, start=1):
        row["source_id"] = f"DEMO-{prefix}-{index:05d}"
    return rows


def seed(site, stdout=None):
    """Make or refresh ``site``'s demo register (only for the demo agencies), and give the agency
    its demo boundary when it has none; how many addresses."""
    from .models import Address

    settings = getattr(site, "agencysettings", None)
    prefix = settings.reference_prefix if settings is not None else None
    if prefix not in REGISTERS:
        return 0
    addresses = []
    for row in addresses_for(prefix):
        address = Address(site=site, **row)
        address.search_text = search_text_for(address)
        addresses.append(address)
    Address.objects.bulk_create(
        addresses,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["site", "source_id"],
        update_fields=[
            "civic_number",
            "street",
            "unit",
            "municipality",
            "province",
            "postal_code",
            "latitude",
            "longitude",
            "search_text",
        ],
    )
    if not settings.boundary:
        # The demo agency's area, once: a boundary staff have since changed or removed stays theirs.
        settings.boundary = REGISTERS[prefix][1]
        settings.save(update_fields=["boundary"])
    if stdout is not None:
        stdout.write(f"Address register of {settings.agency_name}: {len(addresses)} demo addresses.")
    return len(addresses)
