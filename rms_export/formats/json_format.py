"""Incident JSON 1.0: the canonical record itself, validated by ``incident-1.0.schema.json``."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from forms_app.canonical import canonical_report

VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "incident-1.0.schema.json"
CONTENT_TYPE = "application/json"
EXTENSION = ".json"
record = canonical_report  # the record this format renders, from a report


@cache
def validator():
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def check(record, schema_validator=None):
    """Raise ``InvalidRecord`` saying where ``record`` does not match the schema."""
    from . import InvalidRecord

    schema_validator = schema_validator or validator()
    errors = sorted(schema_validator.iter_errors(record), key=lambda e: list(e.absolute_path))
    if errors:
        raise InvalidRecord(
            "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}" for e in errors)
        )


def load(payload):
    from . import InvalidRecord

    try:
        return json.loads(payload)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidRecord(f"not valid JSON: {error}") from None


def render(record):
    check(record)
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def parse(payload):
    record = load(payload)
    check(record)
    return record
