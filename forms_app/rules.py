"""Conditional questions as staff edit them and citizens read them: the editor's "show only if"
widget (lists to pick from, no JSON typed by hand), the checks a form's conditions must pass
before it is saved, and the sentence that says a condition to a citizen without JavaScript.
The rules themselves are decided by ``forms_app.logic``."""

import json

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import logic

# How many conditions one question may have in the editor.
MAX_CONDITIONS = 3
OPERATOR_LABELS = {
    logic.IS: _("is"),
    logic.IS_NOT: _("is not"),
    logic.IS_ONE_OF: _("is one of"),
    logic.IS_ANSWERED: _("is answered"),
    logic.MORE_THAN: _("is more than"),
    logic.LESS_THAN: _("is less than"),
    logic.CONTAINS: _("contains"),
}
COMBINE_LABELS = {logic.ALL: _("all of these are true"), logic.ANY: _("any of these is true")}
# Field types no condition can read (their answers are files or lists of items).
NOT_A_SOURCE = ("upload", "property", "hidden")


class Source:
    """A question another may depend on: its name, label and (for choices) its choices."""

    def __init__(self, name, label, choices=(), kind=""):
        self.name, self.label, self.choices, self.kind = name, label, list(choices), kind

    @classmethod
    def of(cls, row):
        from .models import ScreeningQuestion

        if isinstance(row, ScreeningQuestion):
            return cls(row.logic_name, row.question, [gettext("Yes"), gettext("No")], kind="screening")
        return cls(row.logic_name, row.label, row.logic_choices(), kind=row.field_type)

    def value_choices(self):
        """(value, text) a condition on it may compare with: a choice's position, or yes/no."""
        if self.kind == "screening":
            return [("yes", gettext("Yes")), ("no", gettext("No"))]
        return [(str(n), text) for n, text in enumerate(self.choices, start=1)]


def sources_of(rows):
    from .models import ScreeningQuestion

    return [
        Source.of(row)
        for row in rows
        if row.logic_name and (isinstance(row, ScreeningQuestion) or row.field_type not in NOT_A_SOURCE)
    ]


class ShowIfWidget(forms.Widget):
    """ "Show only if": all/any, then up to three conditions, each an earlier question, how to
    compare and the answer, all picked from lists (the answers of a question with choices are
    ticked; others are typed). It lists the questions the form had when the editor opened
    (``set_sources``; a question just added is listed once the form is saved)."""

    template_name = "forms_app/admin/show_if_widget.html"

    class Media:
        js = ["forms_app/js/show_if.js"]
        css = {"all": ["forms_app/css/show_if.css"]}

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.sources = []

    def _render(self, template_name, context, renderer=None):
        # The project's templates (templates/), which the forms renderer does not search.
        return super()._render(template_name, context, TemplatesSetting())

    def set_sources(self, sources):
        self.sources = list(sources)

    def _rule(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value or "{}")
            except ValueError:
                value = {}
        return value if isinstance(value, dict) else {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rule = self._rule(value)
        found = logic.conditions(rule)
        rows = []
        for n in range(MAX_CONDITIONS):
            condition = found[n] if n < len(found) else {}
            value = condition.get("value")
            ticked = [
                str(v) for v in (value if isinstance(value, list) else [value] if value not in (None, "") else [])
            ]
            rows.append(
                {
                    "prefix": f"{name}-{n}",
                    "id": f"{context['widget']['attrs'].get('id', name)}-{n}",
                    "number": n + 1,
                    "field": condition.get("field", ""),
                    "operator": condition.get("operator", logic.IS),
                    "text": "" if isinstance(value, list) or value is None else str(value),
                    "ticked": ticked,
                }
            )
        known = {s.name for s in self.sources}
        for row in rows:
            if row["field"] and row["field"] not in known:
                row["unknown"] = row["field"]
        context.update(
            {
                "rows": rows,
                "combine": rule.get("combine", logic.ALL),
                "combines": list(COMBINE_LABELS.items()),
                "operators": list(OPERATOR_LABELS.items()),
                "sources": [{"name": s.name, "label": s.label, "values": s.value_choices()} for s in self.sources],
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        choices = {s.name: bool(s.value_choices()) for s in self.sources}
        conditions = []
        for n in range(MAX_CONDITIONS):
            prefix = f"{name}-{n}"
            field = (data.get(f"{prefix}-field") or "").strip()
            if not field:
                continue
            operator = data.get(f"{prefix}-operator") or ""
            condition = {"field": field, "operator": operator}
            if operator != logic.IS_ANSWERED:
                if choices.get(field):
                    ticked = data.getlist(f"{prefix}-choice-{field}") if hasattr(data, "getlist") else []
                    condition["value"] = ticked if operator == logic.IS_ONE_OF or len(ticked) != 1 else ticked[0]
                else:
                    condition["value"] = (data.get(f"{prefix}-text") or "").strip()
            conditions.append(condition)
        if not conditions:
            return "{}"
        combine = data.get(f"{name}-combine")
        return json.dumps({"combine": combine if combine in logic.COMBINES else logic.ALL, "conditions": conditions})

    def value_omitted_from_data(self, data, files, name):
        return False


def condition_errors(rows):
    """{index in ``rows``: [message, ...]} for each question of ``rows`` (a form's fields, or its
    screening questions, in order) whose conditions cannot be decided: a question that is not
    earlier in the form (later, missing, itself), a comparison or an answer that does not fit."""
    errors = {}
    earlier = {}
    for index, row in enumerate(rows):
        messages = []
        rule = row.show_if or {}
        if rule and not isinstance(rule, dict):
            messages.append(_("This condition cannot be read: choose it again from the lists."))
            rule = {}
        if rule.get("combine", logic.ALL) not in logic.COMBINES:
            messages.append(_("Choose whether all or any of the conditions must be true."))
        names = {r.logic_name: n for n, r in enumerate(rows)}
        for condition in logic.conditions(rule):
            messages.extend(_condition_errors(condition, row, earlier, names, rows))
        if messages:
            errors[index] = messages
        if row.logic_name:
            earlier[row.logic_name] = Source.of(row)
    return errors


def _condition_errors(condition, row, earlier, names, rows):
    name = condition.get("field")
    if name == row.logic_name:
        return [_("A question cannot depend on its own answer.")]
    source = earlier.get(name)
    if source is None:
        if name in names:
            later = rows[names[name]]
            label = later.question if hasattr(later, "question") else later.label
            return [
                _("“%(label)s” comes after this question: a question can depend only on earlier ones.")
                % {"label": label}
            ]
        return [_("The question this depends on is no longer in the form: choose another or remove the condition.")]
    if source.kind in NOT_A_SOURCE:
        return [_("A condition cannot depend on files or a list of items.")]
    operator = condition.get("operator")
    if operator not in logic.OPERATORS:
        return [_("Choose how to compare the answer.")]
    if operator == logic.IS_ANSWERED:
        return []
    value = condition.get("value")
    allowed = {v for v, _text in source.value_choices()}
    if allowed:
        values = value if isinstance(value, list) else [value] if value not in (None, "") else []
        if not values:
            return [_("Tick the answer to compare with for “%(label)s”.") % {"label": source.label}]
        if any(str(v) not in allowed for v in values):
            return [_("An answer ticked for “%(label)s” is no longer one of its choices.") % {"label": source.label}]
        if operator in (logic.MORE_THAN, logic.LESS_THAN):
            return [
                _("“%(label)s” has choices: compare it with “is”, “is not” or “is one of”.") % {"label": source.label}
            ]
        if operator != logic.IS_ONE_OF and isinstance(value, list):
            return [_("Tick one answer, or compare with “is one of” to allow several.")]
        return []
    if isinstance(value, list) or logic._text(value) == "":
        return [_("Type the answer to compare with.")]
    if operator in (logic.MORE_THAN, logic.LESS_THAN) and logic.number(value) is None:
        return [_("Type a number to compare with, for example 500.")]
    if operator == logic.IS_ONE_OF:
        return [_("“Is one of” needs a question with choices: use “is” or “contains”.")]
    return []


def describe(row, rows):
    """The condition of ``row`` as a citizen reads it without JavaScript, in the form's own words
    (its labels and choices, in the page's language), or "" when it is always asked."""
    rule = row.show_if or {}
    sources = {s.name: s for s in sources_of(rows)}
    parts = []
    for condition in logic.conditions(rule):
        source = sources.get(condition.get("field"))
        if source is None:
            continue
        texts = dict(source.value_choices())
        value = condition.get("value")
        values = value if isinstance(value, list) else [value]
        answer = gettext(" or ").join(
            gettext("“%(answer)s”") % {"answer": texts.get(str(v), v)} for v in values if v not in (None, "")
        )
        operator = condition.get("operator")
        words = {"question": source.label, "answer": answer}
        if operator == logic.IS_ANSWERED:
            parts.append(gettext("you answered “%(question)s”") % words)
        elif operator == logic.IS_NOT:
            parts.append(gettext("your answer to “%(question)s” is not %(answer)s") % words)
        elif operator == logic.MORE_THAN:
            parts.append(gettext("your answer to “%(question)s” is more than %(answer)s") % words)
        elif operator == logic.LESS_THAN:
            parts.append(gettext("your answer to “%(question)s” is less than %(answer)s") % words)
        elif operator == logic.CONTAINS:
            parts.append(gettext("your answer to “%(question)s” includes %(answer)s") % words)
        else:
            parts.append(gettext("your answer to “%(question)s” is %(answer)s") % words)
    if not parts:
        return ""
    joined = (gettext(", or ") if rule.get("combine") == logic.ANY else gettext(", and ")).join(parts)
    return gettext("Answer only if %(conditions)s.") % {"conditions": joined}
