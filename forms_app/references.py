"""Reference numbers: agency prefix, year, zero-padded sequence (DRPS-2026-000123).

Unique, never reused and safe under concurrent submissions: the sequence row of the prefix
and year is locked (SELECT ... FOR UPDATE on PostgreSQL) until the report's transaction
commits. A rolled-back submission rolls its number back too, so a number shown to a citizen
always belongs to a report that was saved.
"""

from django.db import transaction

from .models import ReferenceSequence

DIGITS = 6


def next_reference(prefix, year):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside the report's transaction")
    # Create the year's row if it is the first report of the year; a concurrent creator wins quietly.
    ReferenceSequence.objects.bulk_create([ReferenceSequence(prefix=prefix, year=year)], ignore_conflicts=True)
    sequence = ReferenceSequence.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"{prefix}-{year}-{sequence.last_value:0{DIGITS}d}"
