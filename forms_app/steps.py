"""The citizen's steps through a report form: screening, details, check answers, send.

Each function takes the ``ReportFormPage`` and the request and returns a response; the page's
routes call them. Answers wait in the session (``drafts.Draft``) until the citizen sends.
"""

import logging
import re
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from website.models import AgencySettings

from . import abuse, uploads
from .answers import FieldType
from .drafts import Draft, count_stop, remember_sent, sent_reference
from .errors import screening_message
from .fields import MAX_PROPERTY_ITEMS, PropertyItemForm, PropertyItemFormSet
from .jurisdiction import MAX_PLACE_LENGTH, parse_place, referral_for
from .mapping import Element
from .models import Answer, Attachment, Report, ScreeningKind
from .resume import SAVE_BUTTON, start_saving
from .submission import DuplicateSubmission, create_report

logger = logging.getLogger(__name__)
EDIT_ACTIONS = {"add_item", "remove_item", "remove_file"}
# A database id has at most 18 digits (a signed 64-bit integer holds 19, not all of them).
MAX_NUMBER_DIGITS = 18


def parse_number(value, *, maximum=None):
    """A whole number the citizen's browser sends with a step (a file's id, a row's index, the
    number of rows), or None when it is anything else.

    Only ASCII digits: ``str.isdigit()`` and ``int()`` also take "²" or "١٢", which then fail
    further on (a query, ``int()`` itself), and ``int()`` refuses more than 4300 digits with an
    error. At most ``MAX_NUMBER_DIGITS`` digits, and at most ``maximum`` when given."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_NUMBER_DIGITS:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    if maximum is not None and number > maximum:
        return None
    return number


def edit_refused(request):
    messages.warning(request, _("That change could not be made. Check the form below and try again."))


def _render(request, page, template, status=200, **context):
    ctx = page.get_context(request)
    ctx.update(context)
    return TemplateResponse(request, template, ctx, status=status)


def _agency(request):
    """The site and its agency settings, read once per request (Wagtail keeps both on it)."""
    return Site.find_for_request(request), AgencySettings.for_request(request)


def refuse_other_sites(page, request):
    """Each step of a form answers on its own agency's site only: on another's hostname the form
    is not found, as an unknown address is (``Http404``)."""
    site = Site.find_for_request(request)
    parts = page.get_url_parts(request)
    if site is None or parts is None or parts[0] != site.pk:
        raise Http404


def _draft(request, page):
    """The citizen's draft of ``page``; one begun on another agency's site (a session shared
    between hostnames) is not found here, and not shown."""
    draft = Draft(request, page)
    if draft.elsewhere:
        raise Http404
    return draft


def _sent_report(request, page):
    """The report the citizen just sent with ``page`` (None: none). Another agency's (a session
    shared between hostnames) is not found here (``Http404``)."""
    reference = sent_reference(request, page)
    report = Report.objects.filter(reference=reference).first() if reference else None
    if report is not None and report.site_id != _agency(request)[0].pk:
        raise Http404
    return report


# Screening -----------------------------------------------------------------------------------


class ScreeningForm(forms.Form):
    """The questions as the citizen reads them: the value limit written in their language."""

    def __init__(self, questions, *args, limit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.texts = {q.pk: q.question_text(limit) for q in self.questions}
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=self.texts[question.pk],
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": screening_message(question, limit)},
            )

    def first_stop(self):
        for question in self.questions:
            if question.stops(self.cleaned_data[f"q{question.pk}"]):
                return question
        return None

    def answers(self):
        return [{"question": self.texts[q.pk], "answer": self.cleaned_data[f"q{q.pk}"]} for q in self.questions]


def screening(page, request):
    draft = _draft(request, page)
    questions = page.asked_screening_questions()
    limit = page.value_limit
    initial = {f"q{q.pk}": a["answer"] for q, a in zip(questions, draft.screening, strict=False)}
    form = ScreeningForm(questions, request.POST or None, initial=initial, limit=limit)
    if request.method == "POST" and form.is_valid():
        stop = form.first_stop()
        if stop is not None:
            count_stop(page, stop)
            draft.clear()
            return _render(
                request,
                page,
                "forms_app/report_stopped.html",
                stop=stop,
                stop_message=stop.stop_message_text(limit),
                place_form=PlaceForm() if stop.kind == ScreeningKind.JURISDICTION and other_agencies(request) else None,
            )
        draft.set_screening(form.answers())
        if SAVE_BUTTON in request.POST:
            return start_saving(page, draft, "screening")
        return redirect(page.url + page.reverse_subpage("details"))
    if request.method == "POST" and SAVE_BUTTON in request.POST and draft.screened:
        # Saved with some answers missing: the answers given before are the ones kept.
        return start_saving(page, draft, "screening")
    if not questions:
        draft.set_screening([])
        return redirect(page.url + page.reverse_subpage("details"))
    return _render(request, page, "forms_app/report_screening.html", form=form, can_save=draft.screened)


# The jurisdiction stop: which agency of the install serves the place ----------------------------


class PlaceForm(forms.Form):
    place = forms.CharField(
        label=gettext_lazy("Where did it happen?"),
        help_text=gettext_lazy("A postal code (e.g. L6H 2R4) or a municipality (e.g. Oakville)."),
        max_length=MAX_PLACE_LENGTH,
        error_messages={"required": gettext_lazy("Enter a postal code or a municipality")},
    )


def other_agencies(request):
    """Are there other agencies on this install (something to look the place up in)?"""
    site, _settings = _agency(request)
    return AgencySettings.objects.exclude(site=site).exists()


def elsewhere(page, request):
    """After "it did not happen in our region": the citizen says where, and is told which police
    service of the install serves it (its number, its form for the same incident), else what the
    stop always said. Nothing they type is kept."""
    form = PlaceForm(request.GET or None)
    stop = next((q for q in page.asked_screening_questions() if q.kind == ScreeningKind.JURISDICTION), None)
    if stop is None or not other_agencies(request):
        return redirect(page.url)
    context = {"stop": stop, "stop_message": stop.stop_message_text(page.value_limit), "place_form": form}
    if form.is_valid():
        postal_code, municipality = parse_place(form.cleaned_data["place"])
        context["referral"] = referral_for(page, request, postal_code=postal_code, municipality=municipality)
        context["looked_up"] = True
    return _render(request, page, "forms_app/report_stopped.html", **context)


# Details ----------------------------------------------------------------------------------------


class DetailsStep:
    """The form itself, its property items and its uploads, bound to what the citizen sent."""

    def __init__(self, page, request, data=None, files=None, *, preview=False):
        self.page = page
        self.request = request
        self.draft = None if preview else Draft(request, page)
        self.form = page.get_form(data, page=page, user=request.user)
        self.formsets = {name: PropertyItemFormSet(data, prefix=name) for name, _field in self.form.property_fields()}
        self.files = files
        self.upload_errors = {}
        self.refused_edit = False
        self.referral = None  # another agency of the install serving the place given, if any

    def staged(self, name):
        return list(self.draft.staged_files(name)) if self.draft else []

    def handle_uploads(self):
        """Keep the good new files at once, whatever else is wrong; refuse the bad ones."""
        remove = {parse_number(value) for value in self.request.POST.getlist("remove_file")}
        if None in remove:
            self.refused_edit = True
            remove.discard(None)
        if remove:
            # Only this draft's files: an id of anyone else's is no file here. One already
            # removed (a second click) is simply gone.
            for attachment in self.draft.staged_files().filter(pk__in=remove):
                attachment.file.delete(save=False)
                attachment.delete()
        for name, field in self.form.upload_fields():
            new = self.files.getlist(name) if self.files else []
            errors = []
            try:
                # Files already added count towards the limit too.
                uploads.validate_upload_count([*self.staged(name), *new], max_files=field.max_files)
            except ValidationError as error:
                errors.extend(error.messages)
                new = []
            for upload in new:
                try:
                    content_type = uploads.validate_upload(upload, max_bytes=field.max_bytes)
                except ValidationError as error:
                    errors.extend(error.messages)
                    continue
                Attachment.store(upload, content_type, draft_key=self.draft.upload_key, field_name=name)
            if errors:
                self.upload_errors[name] = errors

    def is_valid(self):
        valid = self.form.is_valid()
        for name, field in self.form.upload_fields():
            errors = self.upload_errors.get(name) or []
            if not errors and field.files_required and not self.staged(name):
                errors = [field.required_message]
            if errors:
                self.form.add_error(name, errors)
                valid = False
        for name, formset in self.formsets.items():
            field = self.form.fields[name]
            if not formset.is_valid():
                valid = False
                self.form.add_error(name, _("Check the items below."))
            elif field.items_required and not self.items(name):
                valid = False
                self.form.add_error(name, field.required_message)
        if valid:
            valid = self.check_jurisdiction()
        return valid

    def items(self, name):
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.formsets[name].forms
            if form.has_changed() and form.cleaned_data
        ]

    def check_jurisdiction(self):
        _site, agency = _agency(self.request)
        fields = {f.rms_element: f.clean_name for f in self.page.get_form_fields() if f.rms_element}
        postal_name = fields.get(Element.LOCATION_POSTAL_CODE)
        town_name = fields.get(Element.LOCATION_MUNICIPALITY)
        postal = self.form.cleaned_data.get(postal_name) if postal_name else ""
        town = self.form.cleaned_data.get(town_name) if town_name else ""
        if (postal and agency.covers_postal_code(postal)) or (town and agency.covers_municipality(town)):
            return True
        if not postal and not town:
            return True  # nothing to check against: the required mappings make this rare
        self.referral = referral_for(self.page, self.request, postal_code=postal, municipality=town)
        self.form.add_error(postal_name if postal else town_name, refusal_message(agency, self.referral))
        return False

    def answers(self):
        """The cleaned answers as they will be saved: uploads as attachment ids."""
        answers = {k: v for k, v in self.form.cleaned_data.items() if k in self.page_field_names}
        for name in self.formsets:
            answers[name] = self.items(name)
        for name, _field in self.form.upload_fields():
            answers[name] = [a.pk for a in self.staged(name)]
        return answers

    @property
    def page_field_names(self):
        return {f.clean_name for f in self.page.get_form_fields()}


def refusal_message(agency, referral):
    """Why the details step refuses a place outside ``agency``'s area, naming the agency of the
    install that serves it when one does."""
    if referral is None:
        return _("%(agency)s does not serve this area. Please report it to the police service where it happened.") % {
            "agency": agency.name
        }
    words = {"agency": agency.name, "other": referral.agency.name, "phone": referral.agency.non_emergency_phone}
    if referral.form_url:
        return (
            _("%(agency)s does not serve this area: %(other)s does. Report it to them online or at %(phone)s.") % words
        )
    return _("%(agency)s does not serve this area: %(other)s does. Call their non-emergency line: %(phone)s.") % words


def _row_count(data, name):
    """How many rows of the property group ``name`` were sent: the management form's count, or,
    when that is missing or not a number, the rows present in the data; never more than allowed."""
    total = parse_number(data.get(f"{name}-TOTAL_FORMS"))
    if total is None:
        row = re.compile(rf"{re.escape(name)}-([0-9]+)-", re.ASCII)
        indexes = [parse_number(match.group(1)) for key in data if (match := row.match(key))]
        total = max((index + 1 for index in indexes if index is not None), default=0)
    return min(total, MAX_PROPERTY_ITEMS)


def _edit_rows(request, step):
    """Apply "Add another item" / "Remove" to the formset data without validating anything.

    Returns the data and whether the change asked for could be made (a row or group that is not
    there, or a value no button sends, changes nothing)."""
    data = request.POST.copy()
    if "add_item" not in data and "remove_item" not in data:
        return data, True
    action = data.get("add_item") or data.get("remove_item", "")
    name, _sep, index = action.partition(":")
    if name not in step.formsets:
        return data, False
    total_key = f"{name}-TOTAL_FORMS"
    total = _row_count(data, name)
    data[total_key] = str(total)
    if "add_item" in data:
        data[total_key] = str(min(total + 1, MAX_PROPERTY_ITEMS))
        return data, True
    index = parse_number(index)
    if index is None or index >= total:
        return data, False
    for i in range(index, total - 1):
        for field in PropertyItemForm.base_fields:
            data[f"{name}-{i}-{field}"] = data.get(f"{name}-{i + 1}-{field}", "")
    data[total_key] = str(total - 1)
    return data, True


def details(page, request):
    draft = _draft(request, page)
    if not draft.screened:
        return redirect(page.url)
    if request.method == "POST":
        step = DetailsStep(page, request, request.POST, request.FILES)
        if step.form.is_bot:
            return _render(request, page, "forms_app/report_refused.html", status=400)
        step.handle_uploads()
        if SAVE_BUTTON in request.POST:
            # Kept as typed, not checked: the citizen finishes it later.
            draft.set_answers(request.POST)
            return start_saving(page, draft, "details")
        if EDIT_ACTIONS & set(request.POST):
            # Add or remove a property row or a file: show the form again, no error messages yet.
            data, done = _edit_rows(request, step)
            if step.refused_edit or not done:
                edit_refused(request)
            step = DetailsStep(page, request, data)
            return _render(request, page, "forms_app/report_details.html", step=step, quiet=True)
        if step.is_valid():
            draft.set_answers(request.POST)
            return redirect(page.url + page.reverse_subpage("check"))
        return _render(request, page, "forms_app/report_details.html", step=step)
    step = DetailsStep(page, request, _stored_data(draft))
    return _render(request, page, "forms_app/report_details.html", step=step, quiet=True)


def _stored_data(draft):
    if not draft.answers:
        return None
    data = QueryDict(mutable=True)
    for key, values in draft.answers.items():
        data.setlist(key, values)
    return data


# Check answers and send --------------------------------------------------------------------------


def _completed_step(page, request, draft):
    data = _stored_data(draft)
    if data is None:
        return None
    step = DetailsStep(page, request, data)
    return step if step.is_valid() else None


def check(page, request):
    saving = request.method == "POST" and SAVE_BUTTON in request.POST
    if request.method == "POST" and not saving and _already_sent(request, page):
        # A second press of "Send report": the first one made the report.
        return redirect(page.url + page.reverse_subpage("sent"))
    draft = _draft(request, page)
    if not draft.screened:
        return redirect(page.url)
    step = _completed_step(page, request, draft)
    if step is None:
        if request.method == "POST":
            messages.info(
                request, _("Your answers are no longer in this browser's session. Please fill in the form again.")
            )
        return redirect(page.url + page.reverse_subpage("details"))
    if saving:
        return start_saving(page, draft, "check")
    if request.method == "POST":
        if refusal := abuse.rate_limited(request, page):
            return refusal
        return send(page, request, draft, step)
    return _render(
        request,
        page,
        "forms_app/report_check.html",
        step=step,
        rows=summary_rows(page, step),
        token=draft.token,
        screening=draft.screening,
    )


def _already_sent(request, page):
    token = _uuid_or_none(request.POST.get("token", ""))
    report = _sent_report(request, page)
    return report.reference if report is not None and report.submission_token == token else None


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def send(page, request, draft, step):
    token = _uuid_or_none(request.POST.get("token"))
    if token is None or str(token) != draft.token:
        messages.info(request, _("Please check your answers and send the report again."))
        return redirect(page.url + page.reverse_subpage("check"))
    site, agency = _agency(request)
    try:
        report = create_report(
            page=page,
            site=site,
            agency=agency,
            answers=step.answers(),
            screening=draft.screening,
            draft_key=draft.upload_key,
            token=token,
            language=translation.get_language() or "en",
            request=request,
        )
    except DuplicateSubmission as duplicate:
        report = duplicate.report
    except Exception:
        logger.exception("A report could not be saved; the citizen's draft is kept")
        return _render(request, page, "forms_app/report_not_saved.html", status=503)
    remember_sent(request, page, report)
    draft.clear()
    return redirect(page.url + page.reverse_subpage("sent"))


def sent(page, request):
    report = _sent_report(request, page)
    if report is None:
        return redirect(page.url)
    from .status import status_url

    return _render(request, page, "forms_app/report_sent.html", report=report, status_link=status_url(request, report))


def summary_rows(page, step):
    """(label, lines of the answer, field name) for each answer, in the form's order."""
    from .display import display_value

    rows = []
    for field in page.get_form_fields():
        name = field.clean_name
        if field.field_type == FieldType.UPLOAD:
            value = [a.original_name for a in step.staged(name)]
        elif field.field_type == FieldType.PROPERTY:
            value = step.items(name)
        else:
            value = step.form.cleaned_data.get(name)
        shown = display_value(field.field_type, value)
        rows.append((field.label, shown if isinstance(shown, list) else [shown] if shown else [], name))
    return rows


def preview(page, request, mode_name):
    """What staff see in the editor's preview: the steps, unbound, touching no session."""
    if mode_name == "details":
        step = DetailsStep(page, request, preview=True)
        return _render(request, page, "forms_app/report_details.html", step=step, quiet=True, preview=True)
    form = ScreeningForm(page.asked_screening_questions(), limit=page.value_limit)
    return _render(request, page, "forms_app/report_screening.html", form=form, preview=True)
