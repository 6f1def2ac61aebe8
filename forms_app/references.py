"""Reference numbers: agency prefix, year, zero-padded sequence (DRPS-2026-000123).

Unique, never reused and safe under concurrent submissions: one statement creates the
year's row or increments it (INSERT ... ON CONFLICT DO UPDATE ... RETURNING), which keeps the
row locked until the report's transaction commits. A rolled-back submission rolls its number
back too, so a number shown to a citizen always belongs to a report that was saved.
"""

import re

from django.db import connection, transaction

from .models import ReferenceSequence

DIGITS = 6
# A whole reference number, as a citizen reads it out or pastes it (prefix as AgencySettings allows).
WHOLE_REFERENCE = re.compile(rf"^[A-Z][A-Z0-9]{{1,7}}-[0-9]{{4}}-[0-9]{{{DIGITS}}}$")


def next_reference(prefix, year):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside the report's transaction")
    table = connection.ops.quote_name(ReferenceSequence._meta.db_table)
    with connection.cursor() as cursor:
        # The first report of the year creates the row; every other one increments it. PostgreSQL
        # and SQLite (3.35+) both take this; a concurrent sender waits for the row's lock.
        cursor.execute(
            f"INSERT INTO {table} (prefix, year, last_value) VALUES (%s, %s, 1) "  # noqa: S608 (table name only)
            f"ON CONFLICT (prefix, year) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [prefix, year],
        )
        (value,) = cursor.fetchone()
    return f"{prefix}-{year}-{value:0{DIGITS}d}"
