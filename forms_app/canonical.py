"""The canonical report: one dict per report, the same shape whatever form it came from.

Built from the report's typed fields and from its answers as the form's fields were mapped
when it was sent (``Report.field_snapshot``). ``rms_export`` renders this dict as XML or JSON;
nothing else should need to know how a form was built. Answers whose field is not mapped go
into the narrative as "question: answer" lines, so nothing the citizen said is lost.
"""

from decimal import Decimal, InvalidOperation

from .display import display_value
from .mapping import SCHEMA
from .mapping import Element as E

VEHICLE = {
    E.VEHICLE_PLATE: "plate",
    E.VEHICLE_PROVINCE: "province",
    E.VEHICLE_MAKE: "make",
    E.VEHICLE_MODEL: "model",
    E.VEHICLE_COLOUR: "colour",
}


def _text(value):
    """Trimmed text with Unix line ends (browsers send CRLF; XML would turn it into LF)."""
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _decimal(value):
    try:
        return Decimal(str(value)).quantize(Decimal("0.01")) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _money(value):
    amount = _decimal(value)
    return None if amount is None else str(amount)


def canonical_report(report, attachments=None):
    """``attachments``: the report's, when the caller has read them already (a batch reads a
    whole chunk's in one query); else they are read here."""
    answers = report.form_data or {}
    mapped, unmapped = {}, []
    for field in report.field_snapshot:
        value = answers.get(field["name"])
        if field["element"]:
            mapped[field["element"]] = value
        elif field["type"] != "upload" and value not in (None, "", []):
            shown = display_value(field["type"], value)
            unmapped.append(f"{field['label']}: {'; '.join(shown) if isinstance(shown, list) else shown}")

    incident_type = report.incident_type
    items = [
        {
            "description": _text(item.get("description")),
            "brand": _text(item.get("brand")),
            "model": _text(item.get("model")),
            "serial_number": _text(item.get("serial_number")),
            "value": _money(item.get("value")),
            "status": incident_type.property_status or None,
        }
        for item in mapped.get(E.PROPERTY_ITEMS) or []
    ]
    total = _decimal(mapped.get(E.TOTAL_LOSS))
    if total is None and any(item["value"] for item in items):
        total = sum(Decimal(item["value"]) for item in items if item["value"])
    narrative = "\n\n".join(part for part in [_text(mapped.get(E.NARRATIVE)), "\n".join(unmapped)] if part)
    vehicle = {key: _text(mapped.get(element)) for element, key in VEHICLE.items() if element in mapped}

    return {
        "schema": SCHEMA,
        "reference": report.reference,
        "submitted_at": report.submit_time.isoformat(),
        "language": report.language,
        "agency": {"site": report.site.site_name or report.site.hostname},
        "incident_type": {
            "code": incident_type.code,
            "name": incident_type.name,
            "ucr_code": incident_type.ucr_code,
            "rms_occurrence_type": incident_type.rms_occurrence_type,
        },
        "occurred": {
            "from": report.occurred_from.isoformat() if report.occurred_from else None,
            "to": report.occurred_to.isoformat() if report.occurred_to else None,
        },
        "location": {
            "street": _text(mapped.get(E.LOCATION_STREET)),
            "municipality": report.municipality,
            "postal_code": report.postal_code,
            "description": _text(mapped.get(E.LOCATION_DESCRIPTION)),
        },
        "reporter": {
            "first_name": _text(mapped.get(E.REPORTER_FIRST_NAME)),
            "last_name": _text(mapped.get(E.REPORTER_LAST_NAME)),
            "email": report.reporter_email,
            "phone": _text(mapped.get(E.REPORTER_PHONE)),
            "address": _text(mapped.get(E.REPORTER_ADDRESS)),
            "birth_date": _text(mapped.get(E.REPORTER_BIRTH_DATE)) or None,
        },
        "vehicle": vehicle or None,
        "suspect_description": _text(mapped.get(E.SUSPECT_DESCRIPTION)),
        "fraud_method": _text(mapped.get(E.FRAUD_METHOD)),
        "property": items,
        "total_loss": None if total is None else str(total),
        "narrative": narrative,
        "screening": [a for a in report.screening_answers if a.get("question")],
        "attachments": [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in (report.attachments.all() if attachments is None else attachments)
        ],
    }
