"""Searching an agency's address register (``website.models.Address``) as a citizen types: "12 main"
finds 12 Main Street. On PostgreSQL a trigram index answers any part of the address; SQLite (the
embedded default) falls back to a prefix search on the normalised text."""

import re
import unicodedata

from django.db import connection

MAX_QUERY_LENGTH = 100
DEFAULT_LIMIT = 8
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


def search(site, text, limit=DEFAULT_LIMIT):
    """Up to ``limit`` addresses of ``site``'s register matching ``text`` (a queryset, best first)."""
    from .models import Address

    query = normalise(text)[:MAX_QUERY_LENGTH]
    if len(query) < 2 or site is None:
        return Address.objects.none()
    addresses = Address.objects.filter(site=site)
    prefix = addresses.filter(search_text__startswith=query).order_by("search_text")
    if connection.vendor != "postgresql":
        return prefix[:limit]
    found = list(prefix[:limit])
    if len(found) >= limit:
        return found
    # Every word somewhere in the address (trigram index), after the prefix matches.
    contains = addresses.exclude(pk__in=[a.pk for a in found])
    for word in query.split():
        contains = contains.filter(search_text__contains=word)
    return found + list(contains.order_by("search_text")[: limit - len(found)])


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
