"""The report form page that communications staff build in the Wagtail admin."""

import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.formsets import ORDERING_FIELD_NAME
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from website.models import AgencySettings

from .. import logic
from ..answers import FieldType
from ..builder import ReportFormBuilder
from ..display import money
from ..mapping import Element, duplicated_elements, missing_requirements
from ..panels import WholeInlinePanel
from ..rules import ShowIfWidget, condition_errors
from .incident import IncidentType


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class StopAction(models.TextChoices):
    CALL_911 = "call_911", _("Call 911 now")
    CALL_NON_EMERGENCY = "call_non_emergency", _("Call the non-emergency line")
    ATTEND = "attend", _("Come to a police station in person")


class ScreeningKind(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency in progress")
    SUSPECT_KNOWN = "suspect_known", _("Suspect known")
    JURISDICTION = "jurisdiction", _("Inside our jurisdiction")
    VALUE_LIMIT = "value_limit", _("Loss above the value limit")
    OTHER = "other", _("Other")


# Where a screening question or its stop message says the incident type's property value limit.
LIMIT_PLACEHOLDER = "{limit}"


def new_question_name():
    return f"q{uuid.uuid4().hex[:12]}"


# The four questions every new report form starts with. Staff may reword or remove them.
STANDARD_SCREENING = [
    {
        "kind": ScreeningKind.EMERGENCY,
        "question": _("Is anyone in danger, or is the crime still happening?"),
        "stop_answer": Answer.YES,
        "stop_action": StopAction.CALL_911,
        "stop_message": _("This is an emergency. Do not report it online: call 911 now."),
    },
    {
        "kind": ScreeningKind.SUSPECT_KNOWN,
        "question": _("Do you know who did it, or can you describe or identify a suspect?"),
        "stop_answer": Answer.YES,
        "stop_action": StopAction.CALL_NON_EMERGENCY,
        "stop_message": _("An officer needs to follow up on a known suspect. Please call our non-emergency line."),
    },
    {
        "kind": ScreeningKind.JURISDICTION,
        "question": _("Did it happen in our region?"),
        "stop_answer": Answer.NO,
        "stop_action": StopAction.CALL_NON_EMERGENCY,
        "stop_message": _("Please report it to the police service of the place where it happened."),
    },
    {
        "kind": ScreeningKind.VALUE_LIMIT,
        "question": _("Is the total value of the loss or damage more than {limit}?"),
        "stop_answer": Answer.YES,
        "stop_action": StopAction.ATTEND,
        "stop_message": _("Losses over {limit} must be reported to an officer. Please call or visit a station."),
    },
]


def standard_questions(language):
    """New ``ScreeningQuestion`` rows for the four standard questions, in ``language``."""
    with translation.override(language):
        return [
            ScreeningQuestion(sort_order=n, **{k: str(v) for k, v in preset.items()})
            for n, preset in enumerate(STANDARD_SCREENING)
        ]


def _standard_words(kind, language):
    preset = next((p for p in STANDARD_SCREENING if p["kind"] == kind), None)
    if preset is None:
        return None
    with translation.override(language):
        return str(preset["question"]), str(preset["stop_message"])


def localise_standard_questions(questions, language):
    """Put each standard question (and stop message) that is still word for word the standard
    one of another language into ``language``; return the questions changed. Words staff wrote
    themselves are theirs: they stay as they are."""
    changed = []
    for question in questions:
        wanted = _standard_words(question.kind, language)
        if wanted is None:
            continue
        before = (question.question, question.stop_message)
        for code, _name in settings.LANGUAGES:
            words = _standard_words(question.kind, code)
            if question.question == words[0]:
                question.question = wanted[0]
            if question.stop_message == words[1]:
                question.stop_message = wanted[1]
        if (question.question, question.stop_message) != before:
            changed.append(question)
    return changed


class ReportFormField(AbstractFormField):
    page = ParentalKey("ReportFormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        _("field type"),
        max_length=16,
        choices=FieldType.choices,
        help_text=_(
            "A “Section break” starts a new step of the form: its label is the section’s title, its help text "
            "the section’s introduction."
        ),
    )
    field_type.required_on_save = True
    rms_element = models.CharField(
        _("RMS element"),
        max_length=32,
        choices=Element.choices,
        blank=True,
        help_text=_("The part of the police report this answer fills. Unmapped answers go into the narrative."),
    )
    max_file_mb = models.PositiveSmallIntegerField(
        _("largest file (MB)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    max_files = models.PositiveSmallIntegerField(
        _("most files"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    show_if = models.JSONField(
        _("show only if"),
        default=dict,
        blank=True,
        help_text=_("Ask this question only when earlier answers say so. Leave empty to always ask it."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("rms_element"),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
        FieldRowPanel([FieldPanel("max_file_mb"), FieldPanel("max_files")], heading=_("Uploads")),
        FieldPanel("show_if", widget=ShowIfWidget),
    ]

    def integrity_key(self):
        """What makes a field itself: its name in the form (from its label when first saved)."""
        return self.clean_name or self.get_field_clean_name()

    @property
    def is_section_break(self):
        return self.field_type == FieldType.SECTION

    def get_field_clean_name(self):
        """A section break's name never takes a question's: "What happened" the section and
        "What happened?" the question are two rows of one form."""
        name = super().get_field_clean_name()
        return f"section_{name}" if self.is_section_break else name

    @property
    def logic_name(self):
        """Its name in conditions: its name in the form, which a translated copy keeps."""
        return self.integrity_key()

    def logic_choices(self):
        """Its choices, in order, when a condition compares them by position (else none)."""
        if self.field_type not in logic.CHOICE_TYPES:
            return []
        return [c.strip() for c in (self.choices or "").splitlines() if c.strip()]


LIMIT_HELP = _(
    "{limit} is replaced by the incident type's property value limit, written the reader's way ($5,000, 5 000 $)."
)


def with_limit(text, limit):
    """``text`` with the value limit written in the active language."""
    return text.replace(LIMIT_PLACEHOLDER, money(limit, cents=False)) if limit is not None else text


class ScreeningQuestion(Orderable):
    page = ParentalKey("ReportFormPage", on_delete=models.CASCADE, related_name="screening_questions")
    kind = models.CharField(_("kind"), max_length=16, choices=ScreeningKind.choices, default=ScreeningKind.OTHER)
    question = models.CharField(_("question"), max_length=255, help_text=LIMIT_HELP)
    stop_answer = models.CharField(_("answer that stops the report"), max_length=3, choices=Answer.choices)
    stop_action = models.CharField(_("what to do instead"), max_length=24, choices=StopAction.choices)
    stop_message = models.TextField(_("why we stop"), help_text=LIMIT_HELP)
    # Its name in conditions, set on first save and kept (a translated copy keeps it too).
    name = models.CharField(_("name"), max_length=16, blank=True, default=new_question_name, editable=False)
    show_if = models.JSONField(
        _("show only if"),
        default=dict,
        blank=True,
        help_text=_("Ask this question only when earlier answers say so. Leave empty to always ask it."),
    )

    panels = [
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("stop_answer"), FieldPanel("stop_action"), FieldPanel("kind")]),
        FieldPanel("stop_message"),
        FieldPanel("show_if", widget=ShowIfWidget),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("screening question")

    def __str__(self):
        return self.question

    def integrity_key(self):
        return " ".join(self.question.split()).casefold()

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = new_question_name()
        super().save(*args, **kwargs)

    @property
    def logic_name(self):
        return self.name

    def logic_choices(self):
        return []  # answered yes or no, in every language

    def stops(self, answer):
        return answer == self.stop_answer

    def asked(self, limit):
        """Whether to ask it of a form whose incident type has ``limit`` (None: no limit, so no
        question about one)."""
        return limit is not None or self.kind != ScreeningKind.VALUE_LIMIT

    def question_text(self, limit):
        return with_limit(self.question, limit)

    def stop_message_text(self, limit):
        return with_limit(self.stop_message, limit)


def unpublishable_message(missing):
    return _("This form cannot be published until fields are mapped to: %(missing)s.") % {
        "missing": "; ".join(str(m) for m in missing)
    }


def _repeated(items, key):
    """The first of each group of ``items`` that share a ``key``, in order."""
    seen, repeated = set(), {}
    for item in items:
        k = key(item)
        if k in seen:
            repeated.setdefault(k, item)
        seen.add(k)
    return list(repeated.values())


def integrity_errors(fields, questions, *, live, incident_type_id, check_names=True, check_conditions=True):
    """What is wrong with a form made of ``fields`` and ``questions``, as {field name or
    NON_FIELD_ERRORS: [message, ...]}. Each RMS element fills at most one field, each field and
    each screening question appears once, and a live form (or one being published) has every
    required element mapped and its incident type. The editor and the model ask the same."""
    errors = {}
    elements = [f.rms_element for f in fields if f.rms_element]
    duplicated = duplicated_elements(elements)
    if duplicated:
        labels = ", ".join(str(Element(e).label) for e in duplicated)
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _("Each RMS element can fill only one field. Used twice: %(labels)s.") % {"labels": labels}
        )
    mapped_breaks = [f for f in fields if f.rms_element and f.field_type == FieldType.SECTION]
    if mapped_breaks:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _("A section break asks nothing, so it cannot fill an RMS element: %(labels)s.")
            % {"labels": ", ".join(f.label for f in mapped_breaks)}
        )
    names = _repeated(fields, lambda f: f.integrity_key())
    if names and check_names:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _("Two fields have the same name: %(names)s. Give each field its own label.")
            % {"names": ", ".join(f.integrity_key() for f in names)}
        )
    asked_twice = _repeated(questions, lambda q: q.integrity_key())
    if asked_twice:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _("Each screening question can be asked only once. Asked twice: %(questions)s.")
            % {"questions": "; ".join(q.question for q in asked_twice)}
        )
    if check_conditions:
        for rows in (questions, fields):
            for index, messages in condition_errors(rows).items():
                label = getattr(rows[index], "label", None) or rows[index].question
                errors.setdefault(NON_FIELD_ERRORS, []).extend(f"{label}: {m}" for m in messages)
    if live:
        missing = missing_requirements(elements)
        if missing:
            errors.setdefault(NON_FIELD_ERRORS, []).append(unpublishable_message(missing))
        if not incident_type_id:
            errors["incident_type"] = [_("Choose the incident type before publishing.")]
    return errors


def _sent_forms(formset):
    """The forms of the rows a bound inline formset will save, in the order the editor put them:
    every valid row not marked deleted, less the blank ones added and left empty."""
    forms = [
        form
        for form in formset.forms
        if form.is_valid()
        and not (formset.can_delete and formset._should_delete_form(form))
        and (form in formset.initial_forms or form.has_changed())
    ]
    if formset.can_order:
        forms.sort(key=lambda form: form.cleaned_data.get(ORDERING_FIELD_NAME) or 0)
    return forms


def _sent_rows(formset):
    return [form.instance for form in _sent_forms(formset)]


def _refuse_conditions(formset):
    """Put each condition that cannot be decided (on a later, missing question...) on its row."""
    forms = _sent_forms(formset)
    for index, messages in condition_errors([form.instance for form in forms]).items():
        for message in messages:
            forms[index].add_error("show_if", message)


class ReportFormPageAdminForm(WagtailAdminFormPageForm):
    """Refuses what the model would refuse (``integrity_errors``), with the message in the editor.
    A new form offers the standard screening questions in the language of the tree it is made in
    (the page's locale), whatever language the officer works in."""

    def __init__(self, *args, **kwargs):
        page = kwargs.get("instance")
        if page is not None and page.pk is None and page.locale_id:
            localise_standard_questions(page.screening_questions.all(), page.locale.language_code)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        incident_type = cleaned_data.get("incident_type")
        if incident_type is not None and self.parent_page is not None:
            # Another agency's type is theirs to change: a form uses its own agency's or a shared
            # one the agency has not switched off.
            site = self.parent_page.get_site()
            site_id = site.pk if site else None
            if incident_type.site_id is not None and incident_type.site_id != site_id:
                self.add_error(
                    "incident_type",
                    _("This incident type belongs to another agency: choose one of this agency's or every agency's."),
                )
            elif not IncidentType.objects.usable_by(site_id).filter(pk=incident_type.pk).exists():
                self.add_error(
                    "incident_type",
                    _("This agency has switched this incident type off (Incident type settings)."),
                )
        fields_formset = self.formsets.get("form_fields")
        questions_formset = self.formsets.get("screening_questions")
        if fields_formset is None or questions_formset is None:
            return cleaned_data
        fields, questions = _sent_rows(fields_formset), _sent_rows(questions_formset)
        # A live form stays publishable: its drafts are held to the same rule.
        publishing = "action-publish" in self.data or bool(self.instance.pk and self.instance.live)
        errors = integrity_errors(
            fields,
            questions,
            live=publishing,
            incident_type_id=cleaned_data.get("incident_type") and cleaned_data["incident_type"].pk,
            # Wagtail's form page form marks each field whose name is taken, on the field itself.
            check_names=False,
            # Each condition's message goes on its own row.
            check_conditions=False,
        )
        _refuse_conditions(fields_formset)
        _refuse_conditions(questions_formset)
        for field, messages in errors.items():
            for message in messages:
                self.add_error(None if field == NON_FIELD_ERRORS else field, message)
        return cleaned_data


class ReportFormPage(RoutablePageMixin, AbstractForm):
    """An incident report form: screening, the fields, check answers, receipt."""

    form_builder = ReportFormBuilder
    base_form_class = ReportFormPageAdminForm

    intro = RichTextField(_("introduction"), blank=True)
    reportable_text = RichTextField(
        _("what you can report here"), blank=True, help_text=_("Shown before the screening questions.")
    )
    incident_type = models.ForeignKey(
        "forms_app.IncidentType",
        verbose_name=_("incident type"),
        on_delete=models.PROTECT,
        null=True,
        related_name="form_pages",
    )
    receipt_text = RichTextField(
        _("receipt page text"), blank=True, help_text=_("Shown with the reference number after a report is sent.")
    )
    email_text = models.TextField(
        _("confirmation email text"),
        blank=True,
        help_text=_("Opens the email the citizen receives, before the reference and the summary."),
    )

    content_panels = [
        *AbstractForm.content_panels,
        FieldPanel("intro"),
        FieldPanel("reportable_text"),
        FieldPanel("incident_type"),
        WholeInlinePanel("screening_questions", label=_("Screening questions")),
        WholeInlinePanel("form_fields", label=_("Form fields")),
        MultiFieldPanel([FieldPanel("receipt_text"), FieldPanel("email_text")], heading=_("After sending")),
    ]
    parent_page_types = ["website.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("report form page")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not args and self.pk is None and "screening_questions" not in kwargs:
            # A new form starts with the four standard screening questions, in its language.
            language = self.locale.language_code if self.locale_id else translation.get_language()
            self.screening_questions = standard_questions(language)

    def integrity_errors(self, *, live):
        return integrity_errors(
            list(self.form_fields.all()),
            list(self.screening_questions.all()),
            live=live,
            incident_type_id=self.incident_type_id,
        )

    def save(self, *args, clean=True, **kwargs):
        """Every save of a live form comes through here (publishing saves the page live: the
        editor, a revision from the history, a moderator's approval, a scheduled publication,
        code): none may leave it unfit for the RMS. Not in ``clean()``: the editor's form runs
        that before the page has the rows it sent, and checks those rows itself."""
        if clean and self.live:
            errors = self.integrity_errors(live=True)
            if errors:
                raise ValidationError(errors)
        return super().save(*args, clean=clean, **kwargs)

    def publish(self, revision, *args, **kwargs):
        """Refuses before anything is written, a scheduled publication too (``save`` would refuse
        it only when it goes live)."""
        errors = revision.as_object().integrity_errors(live=True)
        if errors:
            raise ValidationError(errors)
        return super().publish(revision, *args, **kwargs)

    def untranslated_child_parts(self, source):
        """This form's screening questions and fields still word for word as in ``source``, the
        form it was translated from (``website.untranslated``). Questions pair by position,
        fields by their name in the form (a translated label keeps it)."""
        parts = []
        source_questions = list(source.screening_questions.all())
        for n, question in enumerate(self.screening_questions.all(), start=1):
            same = source_questions[n - 1] if n <= len(source_questions) else None
            if same is not None and (question.question == same.question or question.stop_message == same.stop_message):
                parts.append(_("Screening question %(number)d") % {"number": n})
        source_fields = {f.integrity_key(): f for f in source.form_fields.all()}
        for field in self.form_fields.all():
            same = source_fields.get(field.integrity_key())
            if same is not None and any(
                getattr(field, name) and getattr(field, name) == getattr(same, name)
                for name in ("label", "help_text", "choices", "default_value")
            ):
                if field.is_section_break:
                    parts.append(_("Section “%(label)s”") % {"label": field.label})
                else:
                    parts.append(_("Field “%(label)s”") % {"label": field.label})
        return parts

    @cached_property
    def agency_incident_type(self):
        """The incident type as this form's agency uses it (its own value limit...), or None."""
        if not self.incident_type_id:
            return None
        site = self.get_site()
        return self.incident_type.for_agency(site.pk if site else None)

    @property
    def value_limit(self):
        """The property value limit of the incident type, as the agency set it (None: no limit)."""
        return self.agency_incident_type.value_limit if self.incident_type_id else None

    def asked_screening_questions(self):
        limit = self.value_limit
        return [q for q in self.screening_questions.all() if q.asked(limit)]

    def get_form_fields(self):
        """The questions, read once per page instance (a request builds the form, checks the
        jurisdiction and lists the answers from them). Section breaks ask nothing: they are in
        ``form_rows()`` only, which ``forms_app.sections`` reads."""
        return [row for row in self.form_rows() if not row.is_section_break]

    def form_rows(self):
        """Every row of the form builder, in order: the questions and the section breaks."""
        if not hasattr(self, "_form_rows"):
            self._form_rows = list(super().get_form_fields())
        return self._form_rows

    def get_submission_class(self):
        from .reports import Report

        return Report

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["quick_exit_url"] = AgencySettings.for_request(request).quick_exit
        return context

    def unmapped_requirements(self):
        return missing_requirements(f.rms_element for f in self.get_form_fields() if f.rms_element)

    @property
    def url(self):
        """The form's address as the request being served links and redirects to it: relative on
        the request's own site. (Wagtail's ``Page.url`` is absolute once an install has several
        sites, with the site's configured port and scheme.)"""
        return self.get_url(getattr(self, "_serving_request", None))

    def serve(self, request, *args, **kwargs):
        from ..steps import refuse_other_sites

        self._serving_request = request
        refuse_other_sites(self, request)
        response = super().serve(request, *args, **kwargs)
        # Answers and references are personal: no shared cache may keep these pages.
        add_never_cache_headers(response)
        return response

    @path("", name="screening")
    def screening_route(self, request):
        from ..steps import screening

        return screening(self, request)

    @path("elsewhere/", name="elsewhere")
    def elsewhere_route(self, request):
        from ..steps import elsewhere

        return elsewhere(self, request)

    @path("details/", name="details")
    def details_route(self, request):
        from website.security import allow_camera

        from ..steps import details

        # The details step uploads files: a phone may take the photo with its camera.
        return allow_camera(details(self, request))

    @path("details/<int:number>/", name="section")
    def section_route(self, request, number):
        from website.security import allow_camera

        from ..steps import details

        # Every section may have an upload field.
        return allow_camera(details(self, request, number))

    @path("check/", name="check")
    def check_route(self, request):
        from ..steps import check

        return check(self, request)

    @path("save/", name="save")
    def save_route(self, request):
        from ..resume import save

        return save(self, request)

    @path("sent/", name="sent")
    def sent_route(self, request):
        from ..steps import sent

        return sent(self, request)

    preview_modes = [("screening", _("Screening")), ("details", _("Form"))]

    def serve_preview(self, request, mode_name):
        from ..steps import preview

        self._serving_request = request
        return preview(self, request, mode_name)
