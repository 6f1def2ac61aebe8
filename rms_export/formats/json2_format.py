"""Incident JSON 2.0, validated by ``incident-2.0.schema.json``: version 1.0's record, plus the
files themselves (base64 in ``data``), the citizen's later notes and staff's requests for
information with their answers."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from forms_app.canonical import full_report

from . import json_format

VERSION = "2.0"
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "incident-2.0.schema.json"
CONTENT_TYPE = json_format.CONTENT_TYPE
EXTENSION = json_format.EXTENSION
record = full_report


@cache
def validator():
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def render(record):
    json_format.check(record, validator())
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def parse(payload):
    record = json_format.load(payload)
    json_format.check(record, validator())
    return record
