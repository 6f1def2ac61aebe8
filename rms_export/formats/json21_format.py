"""Incident JSON 2.1, validated by ``incident-2.1.schema.json``: version 2.0's record, plus the
point and the address register's identifier in ``location``."""

import json
from functools import cache, partial
from pathlib import Path

from jsonschema import Draft202012Validator

from forms_app.canonical import full_report
from forms_app.mapping import SCHEMA_V2_1

from . import json_format

VERSION = "2.1"
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "incident-2.1.schema.json"
CONTENT_TYPE = json_format.CONTENT_TYPE
EXTENSION = json_format.EXTENSION
record = partial(full_report, version=SCHEMA_V2_1)


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
