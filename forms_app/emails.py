"""The confirmation email a citizen gets, in their language, with a PDF copy attached."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from website.models import AgencySettings

from .answers import FieldType
from .display import display_value
from .pdf import render_report_pdf
from .status import status_url


def answer_rows(report, answers=None):
    """(label, text) for each of ``answers`` (default: ``report.answers()``), written for a reader
    in the active language, from the fields as they were when the report was sent."""
    rows = []
    attachments = {a.pk: a.original_name for a in report.attachments.all()}
    for answer in report.answers() if answers is None else answers:
        value = answer.value
        if answer.type == FieldType.UPLOAD:
            value = [attachments.get(pk, "") for pk in value or []]
        shown = display_value(answer.type, value)
        rows.append((answer.label, "\n".join(shown) if isinstance(shown, list) else shown))
    return rows


def screening_rows(report):
    return [
        (a["question"], _("Yes") if a["answer"] == "yes" else _("No"))
        for a in report.screening_answers
        if a.get("question")
    ]


def report_pdf(report, agency):
    submitted = formats.date_format(timezone.localtime(report.submit_time), "DATETIME_FORMAT")
    sections = [(_("Your answers"), answer_rows(report))]
    if screening := screening_rows(report):
        sections.append((_("Your answers to the first questions"), screening))
    return render_report_pdf(
        agency_name=agency.name,
        title=_("%(form)s: copy of your report") % {"form": report.page.title},
        reference=report.reference,
        submitted_at_text=submitted,
        sections=sections,
        footer=_("This is a copy of what you sent. It becomes a police report once our staff accept it."),
        labels={"reference": _("Reference"), "submitted": _("Sent"), "page": _("Page %(page)s of %(pages)s")},
        lang=report.language,
        created_at=report.submit_time,
    )


def confirmation_message(report, *, base_url=""):
    with translation.override(report.language):
        agency = AgencySettings.for_site(report.site)
        page = report.page.specific
        context = {
            "report": report,
            "agency": agency,
            "page": page,
            "rows": answer_rows(report),
            "status_link": status_url(None, report, base_url=base_url),
        }
        message = EmailMultiAlternatives(
            subject=_("Your report %(reference)s was received") % {"reference": report.reference},
            body=render_to_string("forms_app/email/confirmation.txt", context),
            from_email=agency.from_email,
            to=[report.reporter_email],
        )
        message.attach(f"{report.reference}.pdf", report_pdf(report, agency), "application/pdf")
    return message
