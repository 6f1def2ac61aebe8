"""The canonical report: one dict per report, the same shape whatever form it came from.

Built from the report's typed fields and from its answers as the form's fields were mapped
when it was sent (``Report.answers()``). ``rms_export`` renders this dict as XML or JSON;
nothing else should need to know how a form was built. Answers whose field is not mapped go
into the narrative as "question: answer" lines, so nothing the citizen said is lost.

The record is language-free: whoever builds it, in whatever language (the supervisor's, when
the export runs in the approval's request), the same report gives the same record. Answers are
written as ISO dates and times, plain decimals, "yes"/"no" and field codes, never through the
display formatter (``display.py``), which writes them for a reader of one language.
"""

import base64
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_time

from .answers import FieldType
from .mapping import SCHEMA, SCHEMA_V2, WITH_POINT
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


ITEM_DETAILS = ("brand", "model", "serial_number", "value")


def _item_text(item):
    """An item as the narrative carries it, with the record's own keys:
    ``Laptop (brand: Dell, serial_number: SN-42, value: 999.50)``."""
    details = {key: _money(item.get(key)) if key == "value" else _text(item.get(key)) for key in ITEM_DETAILS}
    shown = ", ".join(f"{key}: {value}" for key, value in details.items() if value)
    description = _text(item.get("description"))
    return f"{description} ({shown})" if shown else description


def _time_text(value):
    moment = parse_time(value) if isinstance(value, str) else value
    if moment is None:
        return _text(value)
    return moment.isoformat(timespec="minutes" if not moment.second else "seconds")


def answer_text(field_type, value, file_names):
    """An unmapped answer as the narrative carries it, the same in every language.
    ``file_names``: attachment id -> file name, for uploads (stored as attachment ids)."""
    if field_type == FieldType.UPLOAD:
        return "; ".join(file_names.get(pk, "") for pk in value)
    if field_type == FieldType.PROPERTY:
        return "; ".join(_item_text(item) for item in value)
    if field_type == FieldType.CHECKBOX:
        return "yes" if value else "no"
    if field_type == FieldType.MONEY:
        return _money(value) or _text(value)
    if field_type == FieldType.TIME:
        return _time_text(value)
    if field_type == FieldType.ADDRESS and isinstance(value, dict):
        return "; ".join(part for part in (_address_text(value), _text(value.get("description"))) if part)
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return _text(value)  # dates and date-times are stored as ISO 8601 already


def _address_text(answer):
    """An "Address" answer as one line: the register's label, else the street and the area typed."""
    if answer.get("address_id"):
        return _text(answer.get("text"))
    area = " ".join(_text(answer.get(key)) for key in ("municipality", "postal_code") if answer.get(key))
    return ", ".join(part for part in (_text(answer.get("street")), area) if part)


def _location(report, mapped, version):
    """Where it happened: the questions mapped to its parts, else the "Address" answer's (the
    report's columns hold its municipality, postal code and point, ``submission._place``)."""
    address = mapped.get(E.LOCATION_ADDRESS)
    address = address if isinstance(address, dict) else {}
    description = [_text(mapped.get(E.LOCATION_DESCRIPTION)), _text(address.get("description"))]
    location = {
        "street": _text(mapped.get(E.LOCATION_STREET)) or _text(address.get("street"))[:255],
        "municipality": report.municipality,
        "postal_code": report.postal_code,
        "description": "; ".join(part for part in description if part)[:255],
    }
    if version in WITH_POINT:
        has_point = report.latitude is not None and report.longitude is not None
        location["point"] = {"latitude": report.latitude, "longitude": report.longitude} if has_point else None
        location["address_id"] = report.address_source_id
    return location


def canonical_report(report, attachments=None, *, version=SCHEMA):
    """``attachments``: the report's, when the caller has read them already (a batch reads a
    whole chunk's in one query); else they are read here. ``version``: the record's schema
    (``SCHEMA``, or ``SCHEMA_V1_1`` with the point and the register's id)."""
    attachments = list(report.attachments.all() if attachments is None else attachments)
    file_names = {a.pk: a.original_name for a in attachments}
    mapped, unmapped = {}, []
    for answer in report.answers():
        if answer.is_mapped:
            mapped[answer.element] = answer.value
        elif not answer.is_empty:
            unmapped.append(f"{answer.label}: {answer_text(answer.type, answer.value, file_names)}")

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
        "schema": version,
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
        "location": _location(report, mapped, version),
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
            for a in attachments
        ],
    }


def _information_requests(history, notes):
    """Staff's questions (the "more information requested" steps) and the citizen's answers: the
    first note written after the question and before the next one (``status.add_note`` takes a
    note written while the report waits as the answer). A question never answered has none."""
    from .models import ReportStatus

    questions = [change for change in history if change.status == ReportStatus.INFO_REQUESTED]
    requests = []
    for index, question in enumerate(questions):
        following = questions[index + 1].at if index + 1 < len(questions) else None
        answer = next(
            (n for n in notes if n.created >= question.at and (following is None or n.created < following)), None
        )
        requests.append(
            {
                "asked_at": question.at.isoformat(),
                "question": _text(question.public_message),
                "answered_at": answer.created.isoformat() if answer else None,
                "answer": _text(answer.text) if answer else None,
                "note": notes.index(answer) + 1 if answer else None,
            }
        )
    return requests


def full_report(report, attachments=None, *, read_file=None, version=SCHEMA_V2):
    """The record of version 2 (``SCHEMA_V2``): version 1's, plus every file's content, the
    citizen's notes added after sending and the requests for information with their answers.

    Staff's internal notes are not part of it: they are written for colleagues, in the staff's
    language, about the review (ADR 0010). ``read_file(attachment)`` gives a file's bytes (by
    default, read from private storage)."""

    attachments = list(report.attachments.all() if attachments is None else attachments)
    record = canonical_report(report, attachments=attachments, version=version)
    notes = list(report.notes.all())
    note_numbers = {note.pk: number for number, note in enumerate(notes, start=1)}
    read_file = read_file or _read_attachment
    record["attachments"] = [
        {
            **listed,
            "note": note_numbers.get(attachment.note_id),
            "data": base64.b64encode(read_file(attachment)).decode("ascii"),
        }
        for listed, attachment in zip(record["attachments"], attachments, strict=True)
    ]
    record["notes"] = [
        {"number": number, "created": note.created.isoformat(), "text": _text(note.text)}
        for number, note in enumerate(notes, start=1)
    ]
    record["information_requests"] = _information_requests(list(report.history.all()), notes)
    return record


def _read_attachment(attachment):
    with attachment.file.open("rb") as handle:
        return handle.read()
