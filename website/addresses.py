"""Searching an agency's address register (``website.models.Address``) as a citizen types: "12 main"
finds 12 Main Street. On PostgreSQL a trigram index answers any part of the address; SQLite (the
embedded default) falls back to a prefix search on the normalised text."""

import re
import unicodedata

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Collate

MAX_QUERY_LENGTH = 100
DEFAULT_LIMIT = 8
# Rows the word search looks at before it orders them (website.addresses.search).
CANDIDATES = 200
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text):
    """Lower case, accents and punctuation removed, spaces collapsed: "Rue St-Étienne" -> "rue st etienne"."""
    text = unicodedata.normalize("NFKD", str(text or "")[: MAX_QUERY_LENGTH * 3]).encode("ascii", "ignore").decode()
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def search_text_for(address):
    """The text an address is searched by: civic number first, so "12 main" is a prefix of it."""
    parts = [address.civic_number, address.street]
    if address.unit:
        parts += ["unit", address.unit]
    parts += [address.municipality, (address.postal_code or "").replace(" ", "")]
    return normalise(" ".join(p for p in parts if p))[:255]


def _after(prefix):
    """The first text greater than every text starting with ``prefix`` (normalised: a-z, 0-9, space)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def search(site, text, limit=DEFAULT_LIMIT):
    """Up to ``limit`` addresses of ``site``'s register matching ``text`` (a list, best first).

    First the addresses that start with the text ("12 main" -> 12 Main Street...), read in order
    from one index: on PostgreSQL a range of ``search_text`` in the "C" collation, which the
    index ``address_search_ordered`` (migration 0015) both finds and orders, whatever the
    database's collation. Then, when those are fewer than ``limit``, the addresses where every
    word of the text starts a word ("main oakville"), found by the trigram index among at most
    ``CANDIDATES`` rows, so that a common word never sorts a large part of the register."""
    from .models import Address

    query = normalise(text)[:MAX_QUERY_LENGTH]
    if len(query) < 2 or site is None:
        return []
    addresses = Address.objects.filter(site=site)
    if connection.vendor != "postgresql":
        return list(addresses.filter(search_text__startswith=query).order_by("search_text")[:limit])
    ordered = addresses.annotate(ordered_text=Collate("search_text", "C"))
    found = list(
        ordered.filter(ordered_text__gte=query, ordered_text__lt=_after(query)).order_by("ordered_text")[:limit]
    )
    words = query.split()
    if len(found) >= limit or not any(len(word) >= 3 for word in words):
        return found
    contains = addresses.exclude(pk__in=[a.pk for a in found])
    for word in words:
        contains = contains.filter(Q(search_text__startswith=word) | Q(search_text__contains=f" {word}"))
    candidates = contains.values("pk")[:CANDIDATES]
    rest = ordered.filter(pk__in=candidates).order_by("ordered_text")[: limit - len(found)]
    return found + list(rest)


def as_json(address):
    """What the autocomplete receives for one address and the form keeps once it is chosen."""
    return {
        "id": address.pk,
        "source_id": address.source_id,
        "label": address.label,
        "civic_number": address.civic_number,
        "street": address.street,
        "street_line": address.street_line,
        "unit": address.unit,
        "municipality": address.municipality,
        "postal_code": address.postal_code,
        "latitude": address.latitude,
        "longitude": address.longitude,
    }
