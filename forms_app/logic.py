"""Conditional questions: "show only if" rules, decided the same way on the server and in the
browser (``static/forms_app/js/logic.js`` is this module's twin; ``tests/forms_app/logic_cases.json``
holds the cases both must answer alike). docs/adr/0012-conditional-questions.md.

A rule is ``{"combine": "all" | "any", "conditions": [{"field": name, "operator": ..., "value":
...}]}``; an empty rule (or one with no conditions) always shows. Answers are the values as the
browser posts them: text, a list for checkboxes and multiple selects, numbers as text. A choice
field's answer is compared by the choice's position (``"1"`` for the first), so a condition
holds in every language the form is translated into (``visible_names`` does that translation).
"""

import re

ALL, ANY = "all", "any"
COMBINES = (ALL, ANY)
IS, IS_NOT, IS_ONE_OF, IS_ANSWERED = "is", "is_not", "is_one_of", "is_answered"
MORE_THAN, LESS_THAN, CONTAINS = "more_than", "less_than", "contains"
OPERATORS = (IS, IS_NOT, IS_ONE_OF, IS_ANSWERED, MORE_THAN, LESS_THAN, CONTAINS)
# Operators that compare with no value of the rule's.
NO_VALUE = (IS_ANSWERED,)
# Field types whose answers are choices, compared by position.
CHOICE_TYPES = ("dropdown", "radio", "checkboxes", "multiselect")
NUMBER_PATTERN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def _text(value):
    return "" if value is None else str(value).strip()


def _texts(answer):
    """The answer as a list of trimmed texts, without the empty ones."""
    values = answer if isinstance(answer, list | tuple) else [answer]
    return [t for t in (_text(v) for v in values) if t]


def number(value):
    """``value`` as a number, or None: "1 250,50 $" and "$1,250.50" are 1250.5."""
    text = re.sub(r"[\s\u00a0\u202f$]", "", _text(value))
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    return float(text) if NUMBER_PATTERN.match(text) else None


def _same(a, b):
    return _text(a).lower() == _text(b).lower()


def _holds(condition, answers):
    name = condition.get("field")
    if not isinstance(name, str) or name not in answers:
        return False  # a field that is not there (hidden, later, unknown) answers nothing
    operator = condition.get("operator")
    value = condition.get("value")
    given = _texts(answers[name])
    if operator == IS_ANSWERED:
        return bool(given)
    if operator == IS:
        return len(given) == 1 and _same(given[0], value)
    if operator == IS_NOT:
        return not (len(given) == 1 and _same(given[0], value))
    if operator == IS_ONE_OF:
        options = _texts(value)
        return any(_same(g, o) for g in given for o in options)
    if operator == CONTAINS:
        wanted = _text(value).lower()
        if not wanted:
            return False
        if isinstance(answers[name], list | tuple):
            return any(_same(g, wanted) for g in given)
        return any(wanted in g.lower() for g in given)
    if operator in (MORE_THAN, LESS_THAN):
        limit = number(value)
        if len(given) != 1 or limit is None or (answer := number(given[0])) is None:
            return False
        return answer > limit if operator == MORE_THAN else answer < limit
    return False


def conditions(rule):
    """The rule's conditions (none for an empty or malformed rule)."""
    found = rule.get("conditions") if isinstance(rule, dict) else None
    return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []


def evaluate(rule, answers):
    """Whether ``rule`` holds for ``answers`` ({field name: answer}). No conditions: it holds."""
    found = conditions(rule)
    if not found:
        return True
    results = (_holds(c, answers) for c in found)
    return any(results) if rule.get("combine") == ANY else all(results)


def field_facts(field):
    """(name, rule, choices) of a form field, a screening question or a dict with those keys."""
    if isinstance(field, dict):
        return field["name"], field.get("show_if") or {}, list(field.get("choices") or [])
    return field.logic_name, field.show_if or {}, field.logic_choices()


def by_position(answer, choices):
    """A choice field's answer as the positions of its choices ("1" for the first); a value that is
    none of them stays as it is."""
    if not choices:
        return answer
    folded = [_text(c).lower() for c in choices]

    def position(value):
        text = _text(value).lower()
        return str(folded.index(text) + 1) if text in folded else _text(value)

    if isinstance(answer, list | tuple):
        return [position(v) for v in answer]
    return position(answer) if _text(answer) else ""


def visible_names(fields, answers):
    """The names of ``fields`` (in the form's order) shown for ``answers``. A condition on a field
    that is hidden, later or unknown does not hold, so a field whose condition depends on a
    hidden field is hidden too."""
    shown, seen = set(), {}
    for field in fields:
        name, rule, choices = field_facts(field)
        if evaluate(rule, seen):
            shown.add(name)
            seen[name] = by_position(answers.get(name, ""), choices)
    return shown
