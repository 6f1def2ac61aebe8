"""Turning a completed draft into a saved report: one transaction, or nothing."""

import datetime
import json
from functools import partial

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import logic
from .history import change_status
from .mapping import Element
from .models import Attachment, Report, ReportStatus, SavedDraft
from .references import next_reference
from .signals import report_submitted
from .status import site_base_url
from .tasks import queue_confirmation


class DuplicateSubmission(Exception):
    """The same one-time token was submitted before: ``report`` is the report it made."""

    def __init__(self, report):
        super().__init__(report.reference)
        self.report = report


def field_snapshot(page):
    """How the form's fields were labelled and mapped when the report was sent."""
    return [
        {"name": f.clean_name, "label": f.label, "type": f.field_type, "element": f.rms_element}
        for f in page.get_form_fields()
    ]


def _by_element(snapshot, answers):
    return {f["element"]: answers.get(f["name"]) for f in snapshot if f["element"]}


def _place(mapped):
    """Where it happened, for the report's columns: the "Address" answer (a dict,
    ``forms_app.fields.address_answer``) gives the postal code, municipality, point and register
    id; a question mapped to the postal code or the municipality itself comes first."""
    address = mapped.get(Element.LOCATION_ADDRESS)
    address = address if isinstance(address, dict) else {}
    latitude, longitude = address.get("latitude"), address.get("longitude")
    has_point = isinstance(latitude, int | float) and isinstance(longitude, int | float)
    return {
        "postal_code": (mapped.get(Element.LOCATION_POSTAL_CODE) or address.get("postal_code") or "")[:7],
        "municipality": (mapped.get(Element.LOCATION_MUNICIPALITY) or address.get("municipality") or "")[:120],
        "latitude": float(latitude) if has_point else None,
        "longitude": float(longitude) if has_point else None,
        "source_id": str(address.get("source_id") or "")[:64],
    }


def _moment(date, time):
    if not isinstance(date, datetime.date):
        return None
    if isinstance(date, datetime.datetime):
        return date if timezone.is_aware(date) else timezone.make_aware(date)
    return timezone.make_aware(datetime.datetime.combine(date, time or datetime.time.min))


def create_report(*, page, site, agency, answers, screening, draft_key, token, language, request=None):
    """Save the report, attach the draft's files and start the workflow, all in one
    transaction. Raises ``DuplicateSubmission`` when ``token`` was used already.

    ``answers`` is the form's cleaned data: field name -> value (property items as a list
    of dicts, uploads as lists of attachment ids)."""
    # A conditional field the answers do not hold was not asked (its condition was false,
    # ``DetailsStep.answers``): the report does not name it at all.
    conditional = {f.clean_name for f in page.get_form_fields() if logic.conditions(f.show_if)}
    snapshot = [f for f in field_snapshot(page) if f["name"] in answers or f["name"] not in conditional]
    mapped = _by_element(snapshot, answers)
    place = _place(mapped)
    existing = Report.objects.filter(submission_token=token).first()
    if existing is not None:
        raise DuplicateSubmission(existing)
    try:
        with transaction.atomic():
            now = timezone.localtime()
            report = Report(
                page=page,
                site=site,
                incident_type=page.incident_type,
                reference=next_reference(agency.reference_prefix, now.year),
                submission_token=token,
                language=language,
                reporter_email=mapped.get(Element.REPORTER_EMAIL) or "",
                occurred_from=_moment(mapped.get(Element.OCCURRED_FROM), mapped.get(Element.OCCURRED_FROM_TIME)),
                occurred_to=_moment(mapped.get(Element.OCCURRED_TO), mapped.get(Element.OCCURRED_TO_TIME)),
                postal_code=place["postal_code"],
                municipality=place["municipality"],
                latitude=place["latitude"],
                longitude=place["longitude"],
                address_source_id=place["source_id"],
                screening_answers=screening,
                form_data=_jsonable(answers),
                field_snapshot=snapshot,
            )
            # The links in the emails go to the address the citizen sent it from.
            report.site_address = site_base_url(site, request) if request is not None else ""
            report.save()
            Attachment.objects.filter(draft_key=draft_key, report__isnull=True).update(report=report, draft_key="")
            # A copy saved to finish later is done with: its link no longer opens anything.
            SavedDraft.objects.filter(upload_key=draft_key).delete()
            change_status(report, ReportStatus.SUBMITTED, new=True)
            report_submitted.send(sender=type(page), report=report, request=request)
            transaction.on_commit(partial(queue_confirmation, report.pk, report.site_address))
    except IntegrityError:
        existing = Report.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        raise DuplicateSubmission(existing) from None
    return report


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
