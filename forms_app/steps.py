"""The citizen's steps through a report form: screening, details, check answers, send.

Each function takes the ``ReportFormPage`` and the request and returns a response; the page's
routes call them. Answers wait in the session (``drafts.Draft``) until the citizen sends.
"""

import json
import logging
import re
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from website.models import AgencySettings

from . import abuse, funnel, logic, uploads
from .answers import FieldType
from .builder import HONEYPOT_FIELD
from .drafts import Draft, remember_sent, sent_reference
from .errors import screening_message
from .fields import MAX_PROPERTY_ITEMS, AddressField, PropertyItemForm, PropertyItemFormSet
from .jurisdiction import MAX_PLACE_LENGTH, parse_place, referral_for
from .mapping import Element
from .models import Answer, Attachment, FunnelStep, Report, ScreeningKind
from .resume import SAVE_BUTTON, start_saving
from .sections import page_sections, progress, visible_sections
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
    """The questions as the citizen reads them: the value limit written in their language. A
    question whose condition does not hold (``forms_app.logic``) is not asked: not required,
    neither stopping the report nor counted in its answers."""

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
        data = self.data if self.is_bound else None
        posted = posted_answers(data, [f"q{q.pk}" for q in self.questions])
        answers = {q.logic_name: posted[f"q{q.pk}"] for q in self.questions}
        self.visible = logic.visible_names(self.questions, answers)
        self.conditional = [q.logic_name for q in self.questions if logic.conditions(q.show_if)]

    def clean(self):
        # A question not asked needs no answer (it is shown as required: it may become relevant).
        for question in self.questions:
            if question.logic_name not in self.visible:
                self._errors.pop(f"q{question.pk}", None)
                self.cleaned_data.pop(f"q{question.pk}", None)
        return super().clean()

    def asked(self):
        return [q for q in self.questions if q.logic_name in self.visible]

    def uses_logic(self):
        return bool(self.conditional)

    @property
    def shown_names(self):
        return " ".join(name for name in self.conditional if name in self.visible)

    def needs_more_answers(self):
        """Whether the answers made questions relevant that the page did not show, unanswered."""
        if not self.is_bound:
            return False
        relevant = set(newly_relevant(self.data, self.conditional, self.visible))
        return any(q.logic_name in relevant and not self.data.get(f"q{q.pk}") for q in self.questions)

    def logic_facts(self):
        from .rules import describe

        return {
            f"q{q.pk}": {"name": q.logic_name, "rule": json.dumps(q.show_if or {}), "hint": describe(q, self.questions)}
            for q in self.questions
        }

    def first_stop(self):
        for question in self.asked():
            if question.stops(self.cleaned_data[f"q{question.pk}"]):
                return question
        return None

    def answers(self):
        return [{"question": self.texts[q.pk], "answer": self.cleaned_data[f"q{q.pk}"]} for q in self.asked()]


def screening(page, request):
    draft = _draft(request, page)
    funnel.record(request, page, FunnelStep.OPENED)
    questions = page.asked_screening_questions()
    limit = page.value_limit
    # The answers kept name their questions (a question not asked has none); those given in the
    # form's other language pair by position.
    given = {a.get("question"): a.get("answer") for a in draft.screening if isinstance(a, dict)}
    initial = {f"q{q.pk}": given[q.question_text(limit)] for q in questions if q.question_text(limit) in given}
    if not initial:
        initial = {f"q{q.pk}": a["answer"] for q, a in zip(questions, draft.screening, strict=False)}
    form = ScreeningForm(questions, request.POST or None, initial=initial, limit=limit)
    if request.method == "POST" and form.needs_more_answers():
        messages.info(request, _("Your answers mean we need to ask more. Please answer the new questions."))
        quiet = ScreeningForm(questions, request.POST, limit=limit)
        quiet._errors, quiet.cleaned_data = ErrorDict(), {}
        return _render(request, page, "forms_app/report_screening.html", form=quiet, quiet=True)
    if request.method == "POST" and form.is_valid():
        stop = form.first_stop()
        if stop is not None:
            funnel.record(request, page, FunnelStep.STOPPED, stop.name)
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
        funnel.record(request, page, FunnelStep.SCREENING_PASSED)
        if SAVE_BUTTON in request.POST:
            return start_saving(page, draft, "screening")
        return redirect(page.url + page.reverse_subpage("details"))
    if request.method == "POST" and SAVE_BUTTON in request.POST and draft.screened:
        # Saved with some answers missing: the answers given before are the ones kept.
        return start_saving(page, draft, "screening")
    if not questions:
        draft.set_screening([])
        funnel.record(request, page, FunnelStep.SCREENING_PASSED)
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


def posted_answers(data, names, multiple=()):
    """The answers as the browser posted them, for the rules (``forms_app.logic``): text, or a
    list for the fields in ``multiple``."""
    data = data if data is not None else QueryDict()
    return {name: data.getlist(name) if name in multiple else data.get(name, "") for name in names}


def combined_answers(stored, data, section):
    """The draft's answers (``stored``) with ``section``'s as just sent (``data``): what the
    conditions of one section's questions read, some of which depend on earlier sections."""
    combined = stored.copy() if stored is not None else QueryDict(mutable=True)
    if data is not None:
        for key in list(combined):
            if section.owns(key):
                del combined[key]
        for key in data:
            if section.owns(key):
                combined.setlist(key, data.getlist(key))
    return combined


def shown_names(page, data):
    """The names of ``page``'s questions asked for the answers ``data`` (a QueryDict, or None)."""
    fields = page.get_form_fields()
    multiple = {f.clean_name for f in fields if f.field_type in (FieldType.CHECKBOXES, FieldType.MULTISELECT)}
    return logic.visible_names(fields, posted_answers(data, [f.clean_name for f in fields], multiple))


def asked_sections(page, draft):
    """The sections of ``page`` the citizen is asked, given the ``draft``'s answers: a section is
    skipped once its questions are all hidden by answers given; one whose questions depend on a
    section not answered yet may still be asked, and counts in "Section 2 of 4"."""
    sections = page_sections(page)
    shown = shown_names(page, _stored_data(draft))
    answered = {name for section in sections if draft.section_saved(section) for name in section.names}
    for field in page.get_form_fields():
        if field.clean_name not in shown and any(
            condition.get("field") not in answered for condition in logic.conditions(field.show_if)
        ):
            shown.add(field.clean_name)
    return visible_sections(sections, shown)


# The hidden input that says which conditional questions the citizen was shown, so that the
# server can tell the questions their answers have just made relevant (``newly_relevant``).
SHOWN_FIELD = "logic_shown"


def newly_relevant(data, conditional, visible):
    """The questions of ``conditional`` shown now that the page the citizen sent did not show."""
    shown = set((data.get(SHOWN_FIELD) or "").split()) if data is not None else set()
    return [name for name in conditional if name in visible and name not in shown]


class DetailsStep:
    """The form itself, its property items and its uploads, bound to what the citizen sent.
    The fields whose conditions do not hold (``forms_app.logic``) are not asked: not required,
    and their answers are dropped here, so no report, email, PDF or RMS record holds them.

    With a ``section``, only that section's questions (one step of a form with sections);
    ``stored`` is then the draft's answers, which the jurisdiction check reads for a place given
    in another section, and the conditions for an answer given in another section. Without, the
    whole form (check answers, sending)."""

    def __init__(self, page, request, data=None, files=None, *, preview=False, section=None, stored=None):
        self.page = page
        self.request = request
        self.draft = None if preview else Draft(request, page)
        self.form = page.get_form(data, page=page, user=request.user)
        self.section = section
        self.stored = stored
        self.other_fields = {}
        if section is not None:
            mine = {*section.names, HONEYPOT_FIELD}
            self.other_fields = {n: f for n, f in self.form.fields.items() if n not in mine}
            self.form.fields = {n: f for n, f in self.form.fields.items() if n in mine}
        self.formsets = {name: PropertyItemFormSet(data, prefix=name) for name, _field in self.form.property_fields()}
        self.files = files
        self.upload_errors = {}
        self.refused_edit = False
        self.referral = None  # another agency of the install serving the place given, if any
        fields = page.get_form_fields()
        multiple = {f.clean_name for f in fields if f.field_type in (FieldType.CHECKBOXES, FieldType.MULTISELECT)}
        answers = combined_answers(stored, data, section) if section is not None else data
        self.rule_answers = posted_answers(answers, [f.clean_name for f in fields], multiple)
        self.visible = logic.visible_names(fields, self.rule_answers)
        self.conditional = [f.clean_name for f in fields if logic.conditions(f.show_if)]
        self.relevant_now = newly_relevant(data, self.conditional, self.visible) if data is not None else []

    @property
    def hidden(self):
        return [f.clean_name for f in self.page.get_form_fields() if f.clean_name not in self.visible]

    @property
    def shown_names(self):
        """The conditional questions shown with this page (``SHOWN_FIELD``)."""
        return " ".join(name for name in self.conditional if name in self.visible)

    def logic_facts(self):
        """{field name: what the browser's rules read on its wrapper, and the condition written
        out for a citizen without JavaScript}."""
        from .rules import describe

        fields = self.page.get_form_fields()
        return {
            f.clean_name: {
                "rule": json.dumps(f.show_if or {}),
                "choices": json.dumps(f.logic_choices()),
                "multiple": f.field_type in (FieldType.CHECKBOXES, FieldType.MULTISELECT),
                "hint": describe(f, fields),
            }
            for f in fields
        }

    @property
    def has_address(self):
        """Does this step ask an "Address" question (its autocomplete's script and style)?"""
        return any(isinstance(f, AddressField) for f in self.form.fields.values())

    def uses_logic(self):
        return bool(self.conditional) and any(name in self.form.fields for name in self.conditional)

    def logic_known(self):
        """The answers of other sections that this section's conditions read, as the rules read
        them (a choice by its position), for the browser's rules: JSON."""
        if self.section is None:
            return "{}"
        wanted = {
            condition.get("field")
            for f in self.page.get_form_fields()
            if f.clean_name in self.form.fields
            for condition in logic.conditions(f.show_if)
        }
        known = {
            f.clean_name: logic.by_position(self.rule_answers.get(f.clean_name, ""), f.logic_choices())
            for f in self.page.get_form_fields()
            if f.clean_name in wanted and f.clean_name not in self.form.fields and f.clean_name in self.visible
        }
        return json.dumps(known)

    def needs_more_answers(self):
        """Whether the answers sent made required questions relevant that the page did not show,
        still unanswered: the step is shown again with them (no error), as a citizen without
        JavaScript sees every question."""
        return any(self._unanswered(name) for name in self.relevant_now)

    def _unanswered(self, name):
        formfield = self.form.fields.get(name)
        if formfield is None:
            return False
        if name in self.formsets:
            return formfield.items_required and not any(f.has_changed() for f in self.formsets[name].forms)
        if name in dict(self.form.upload_fields()):
            return formfield.files_required and not self.staged(name) and not (self.files and self.files.getlist(name))
        value = self.form.data.getlist(name) if hasattr(self.form.data, "getlist") else self.form.data.get(name)
        return formfield.required and not any(str(v).strip() for v in (value or []))

    def without_errors(self):
        """This step with its answers as sent and no error messages (the form shown again)."""
        self.form._errors = ErrorDict()
        self.form.cleaned_data = {}
        for formset in self.formsets.values():
            formset._non_form_errors = formset.error_class()
            formset._errors = []
            for form in formset.forms:
                form._errors = ErrorDict()
                form.cleaned_data = {}
                formset._errors.append(form._errors)
        return self

    def discard_hidden_uploads(self):
        """Files staged for a question that is no longer asked go: they belong to no answer."""
        hidden = set(self.hidden)
        if self.draft and hidden:
            for attachment in self.draft.staged_files().filter(field_name__in=hidden):
                attachment.file.delete(save=False)
                attachment.delete()

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
            new = self.files.getlist(name) if self.files and name in self.visible else []
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
        self.form.is_valid()
        # A question not asked has no answer to check (it is shown as required, since an answer
        # may make it relevant): whatever was typed there is dropped.
        for name in self.hidden:
            self.form.errors.pop(name, None)
            self.form.cleaned_data.pop(name, None)
        valid = not self.form.errors
        for name, field in self.form.upload_fields():
            if name not in self.visible:
                continue
            errors = self.upload_errors.get(name) or []
            if not errors and field.files_required and not self.staged(name):
                errors = [field.required_message]
            if errors:
                self.form.add_error(name, errors)
                valid = False
        for name, formset in self.formsets.items():
            field = self.form.fields[name]
            if name not in self.visible:
                continue
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
        """Is the place given in this agency's area? A point (an address of the register) inside
        its boundary is; one outside is not (the citizen is told who serves it); with no boundary,
        or no point, the postal code or municipality decide, as they always did."""
        _site, agency = _agency(self.request)
        fields = {f.rms_element: f.clean_name for f in self.page.get_form_fields() if f.rms_element}
        address_name = fields.get(Element.LOCATION_ADDRESS)
        postal_name = fields.get(Element.LOCATION_POSTAL_CODE)
        town_name = fields.get(Element.LOCATION_MUNICIPALITY)
        asked_here = [name for name in (address_name, postal_name, town_name) if name and name in self.form.fields]
        if not asked_here:
            return True  # the place is asked in another section, which checks it
        address = self._place_answer(address_name) or {}
        postal = self._place_answer(postal_name) or address.get("postal_code") or ""
        town = self._place_answer(town_name) or address.get("municipality") or ""
        point = None
        if address.get("latitude") is not None and address.get("longitude") is not None:
            point = (address["latitude"], address["longitude"])
            covered = agency.covers_point(*point)
            if covered is True:
                return True
            if covered is False:
                self.referral = referral_for(
                    self.page, self.request, point=point, postal_code=postal, municipality=town
                )
                here = address_name if address_name in self.form.fields else asked_here[0]
                self.form.add_error(here, refusal_message(agency, self.referral))
                return False
        if (postal and agency.covers_postal_code(postal)) or (town and agency.covers_municipality(town)):
            return True
        if not postal and not town:
            return True  # nothing to check against: the required mappings make this rare
        self.referral = referral_for(self.page, self.request, postal_code=postal, municipality=town)
        here = postal_name if postal and postal_name in self.form.fields else town_name
        if here not in self.form.fields:
            here = postal_name if postal_name in self.form.fields else asked_here[0]
        self.form.add_error(here, refusal_message(agency, self.referral))
        return False

    def _place_answer(self, name):
        """The cleaned answer to ``name``: this step's, or the draft's when another section asks it."""
        if not name:
            return ""
        if name in self.form.fields:
            return self.form.cleaned_data.get(name) or ""
        field = self.other_fields.get(name)
        if field is None or self.stored is None:
            return ""
        try:
            return field.clean(field.widget.value_from_datadict(self.stored, {}, name)) or ""
        except ValidationError:
            return ""

    def groups(self, sections=None):
        """The bound fields to show, as (section or None, fields): one group, or, for the
        editor's preview of a form with sections, one a section under its title."""
        bound = list(self.form)
        if not sections or len(sections) < 2:
            return [(None, bound)]
        by_name = {field.name: field for field in bound}
        groups = [(section, [by_name[name] for name in section.names if name in by_name]) for section in sections]
        groups[-1][1].append(by_name[HONEYPOT_FIELD])
        return groups

    def answers(self):
        """The cleaned answers as they will be saved: uploads as attachment ids. A question not
        asked (its condition is false) has no answer at all."""
        answers = {k: v for k, v in self.form.cleaned_data.items() if k in self.page_field_names}
        for name in self.formsets:
            answers[name] = self.items(name)
        for name, _field in self.form.upload_fields():
            answers[name] = [a.pk for a in self.staged(name)]
        return {k: v for k, v in answers.items() if k in self.visible}

    def kept_data(self, post):
        """What the draft keeps of ``post``: nothing of a question not asked."""
        data = post.copy()
        for key in list(data):
            if any(key == name or key.startswith(f"{name}-") for name in self.hidden):
                del data[key]
        return data

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


def section_url(page, section):
    """A section's address: the first at ``details/``, the others at ``details/<number>/``."""
    if section.number == 1:
        return page.url + page.reverse_subpage("details")
    return page.url + page.reverse_subpage("section", kwargs={"number": section.number})


def check_url(page):
    return page.url + page.reverse_subpage("check")


def first_incomplete(page, request, draft, sections, *, before=None):
    """The first of ``sections`` (before the section ``before``, if given) that the citizen has
    not finished: never left with a valid answer, or whose kept answers no longer pass."""
    data = _stored_data(draft)
    for section in sections:
        if before is not None and section.number >= before.number:
            break
        if not draft.section_done(section):
            return section
        if not DetailsStep(page, request, data, section=section, stored=data).is_valid():
            return section
    return None


def details(page, request, number=1):
    """One section of the form (the whole form, when it has no section break)."""
    draft = _draft(request, page)
    if not draft.screened:
        return redirect(page.url)
    sections = asked_sections(page, draft)
    section = next((s for s in sections if s.number == number), None)
    earlier = first_incomplete(page, request, draft, sections, before=section)
    if section is None or earlier is not None:
        # An address of a section not asked, or not yet reached: the first one left to do.
        target = earlier or first_incomplete(page, request, draft, sections)
        return redirect(section_url(page, target) if target else check_url(page))
    funnel.record(request, page, FunnelStep.SECTION_REACHED, section.number)
    stored = _stored_data(draft)
    show = {"sections": sections, "section": section, "to_check": _returns_to_check(request, sections)}
    if request.method == "POST":
        step = DetailsStep(page, request, request.POST, request.FILES, section=section, stored=stored)
        if step.form.is_bot:
            return _render(request, page, "forms_app/report_refused.html", status=400)
        step.handle_uploads()
        if SAVE_BUTTON in request.POST:
            # Kept as typed, not checked: the citizen finishes it later (from this section, which
            # Continue checks then).
            draft.set_section_answers(section, step.kept_data(request.POST), done=False)
            if section.number == sections[0].number:
                return start_saving(page, draft, "details")
            return start_saving(page, draft, "section", section.number)
        if EDIT_ACTIONS & set(request.POST):
            # Add or remove a property row or a file: show the form again, no error messages yet.
            data, done = _edit_rows(request, step)
            if step.refused_edit or not done:
                edit_refused(request)
            step = DetailsStep(page, request, data, section=section, stored=stored)
            return _render_section(request, page, step, quiet=True, **show)
        if "back" in request.POST and len(sections) > 1:
            # Back keeps what was typed here, finished or not, and goes to the step before.
            done = step.is_valid()
            draft.set_section_answers(section, step.kept_data(request.POST), done=done)
            before = [s for s in sections if s.number < section.number]
            return redirect(section_url(page, before[-1]) if before else page.url)
        if step.needs_more_answers():
            # The answers made new questions relevant: ask them, without calling it an error.
            messages.info(request, _("Your answers mean we need a few more details. Please answer the new questions."))
            step = DetailsStep(page, request, request.POST, section=section, stored=stored).without_errors()
            return _render_section(request, page, step, quiet=True, **show)
        if step.is_valid():
            step.discard_hidden_uploads()
            draft.set_section_answers(section, step.kept_data(request.POST), done=True)
            return redirect(_after(page, request, draft, section, show["to_check"]))
        return _render_section(request, page, step, **show)
    step = DetailsStep(page, request, stored if draft.section_saved(section) else None, section=section, stored=stored)
    return _render_section(request, page, step, quiet=True, **show)


def _returns_to_check(request, sections):
    """Did the citizen come from check answers ("Change"), to go back there after Continue?"""
    return len(sections) > 1 and request.GET.get("return") == "check"


def _after(page, request, draft, section, to_check):
    """Where Continue leads from ``section``: the next section, or check answers (also when the
    citizen came from there, once nothing is left to do)."""
    sections = asked_sections(page, draft)
    if to_check:
        left = first_incomplete(page, request, draft, sections)
        return section_url(page, left) if left else check_url(page)
    later = [s for s in sections if s.number > section.number]
    return section_url(page, later[0]) if later else check_url(page)


def _render_section(request, page, step, *, sections, section, to_check, **context):
    if len(sections) > 1:
        position = sections.index(section) + 1
        where = progress(position, len(sections))
        context.update(
            progress=where,
            # The browser tab and a screen reader's first words say which section this is.
            step_title=_("%(progress)s: %(section)s") % {"progress": where, "section": section.title}
            if section.title
            else where,
            section=section,
            back=True,
            action=request.path + ("?return=check" if to_check else ""),
        )
    return _render(request, page, "forms_app/report_details.html", step=step, **context)


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
    sections = asked_sections(page, draft)
    step = _completed_step(page, request, draft)
    if step is None or not all(draft.section_done(s) for s in sections):
        if request.method == "POST":
            messages.info(
                request, _("Your answers are no longer in this browser's session. Please fill in the form again.")
            )
        left = first_incomplete(page, request, draft, sections)
        return redirect(section_url(page, left) if left else page.url + page.reverse_subpage("details"))
    if saving:
        return start_saving(page, draft, "check")
    if request.method == "POST":
        if refusal := abuse.rate_limited(request, page):
            return refusal
        return send(page, request, draft, step)
    funnel.record(request, page, FunnelStep.CHECK_REACHED)
    return _render(
        request,
        page,
        "forms_app/report_check.html",
        step=step,
        groups=summary_groups(page, step, sections),
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
    else:
        funnel.record(request, page, FunnelStep.SENT)
    remember_sent(request, page, report)
    draft.clear()
    return redirect(page.url + page.reverse_subpage("sent"))


def sent(page, request):
    report = _sent_report(request, page)
    if report is None:
        return redirect(page.url)
    from .status import status_url

    return _render(request, page, "forms_app/report_sent.html", report=report, status_link=status_url(request, report))


def summary_groups(page, step, sections):
    """The answers by section: (section, its "Change" address, its rows), each row (label, lines
    of the answer, the address of its question). A "Change" of a form with sections comes back
    to check answers after Continue."""
    rows = {name: (label, lines) for label, lines, name in summary_rows(page, step)}
    back = "?return=check" if len(sections) > 1 else ""
    groups = []
    for section in sections:
        url = section_url(page, section) + back
        groups.append((section, url, [(*rows[name], f"{url}#id_{name}") for name in section.names if name in rows]))
    return groups


def summary_rows(page, step):
    """(label, lines of the answer, field name) for each answer, in the form's order."""
    from .display import display_value

    rows = []
    for field in page.get_form_fields():
        name = field.clean_name
        if name not in step.visible:
            continue  # not asked
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
        groups = step.groups(page_sections(page))
        template = "forms_app/report_details.html"
        return _render(request, page, template, step=step, groups=groups, quiet=True, preview=True)
    form = ScreeningForm(page.asked_screening_questions(), limit=page.value_limit)
    return _render(request, page, "forms_app/report_screening.html", form=form, preview=True)
