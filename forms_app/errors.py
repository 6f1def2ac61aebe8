"""Error messages that tell the citizen what to do, written from a field's type and label (staff
never write one): "Enter your email address", "Select the province of the plate", "Select yes
if anyone is in danger". Never a bare "This field is required.", never the question repeated."""

import re

from django.utils.translation import gettext as _

from .answers import FieldType

# Fields whose answer is picked, not typed.
PICKED = frozenset(
    {FieldType.CHECKBOX, FieldType.CHECKBOXES, FieldType.DROPDOWN, FieldType.MULTISELECT, FieldType.RADIO}
)
# A label that is a yes/no question ("Was the vehicle locked?") reads badly after "Select".
YES_NO_QUESTION = re.compile(
    r"^(is|are|was|were|do|does|did|has|have|had|can|could|will|would|est-ce|avez|êtes|étiez|était|"
    r"connaissez|savez)\b",
    re.IGNORECASE,
)
# "Is there a witness?" -> "there is a witness"; "Do you know them?" -> "you know them".
_INVERTED = re.compile(
    r"^(is|are|was|were|has|have|can|could|will) (you|there|it|anyone|someone|anybody|they|we) (.+)$", re.IGNORECASE
)
_DO_YOU = re.compile(r"^do (you|they|we) (.+)$", re.IGNORECASE)
_EST_CE_QUE = re.compile(r"^est-ce qu(?:e |’|')(.+)$", re.IGNORECASE)


def _phrase(label):
    """``label`` to follow "Enter" or "Select": no closing punctuation, a lower-case start
    (unless its first word is an acronym, such as "VIN")."""
    text = " ".join(str(label).split()).rstrip(" ?:.!")
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def required_message(field_type, label):
    """What to do when a required field of ``field_type`` labelled ``label`` is left empty."""
    if field_type == FieldType.UPLOAD:
        return _("Select %(label)s") % {"label": _phrase(label)}
    if field_type == FieldType.PROPERTY:
        return _("Add at least one item to %(label)s") % {"label": _phrase(label)}
    if field_type in PICKED:
        if YES_NO_QUESTION.match(str(label).strip()):
            return _select_yes_if(label) or _("Select an answer")
        return _("Select %(label)s") % {"label": _phrase(label)}
    return _("Enter %(label)s") % {"label": _phrase(label)}


def _select_yes_if(question):
    """ "Select yes if ..." made from a yes/no ``question`` of a usual shape, else None."""
    text = " ".join(str(question).split()).rstrip(" ?")
    if match := _INVERTED.match(text):
        verb, subject, rest = match.groups()
        return _("Select yes if %(condition)s") % {"condition": f"{subject.lower()} {verb.lower()} {rest}"}
    if match := _DO_YOU.match(text):
        return _("Select yes if %(condition)s") % {"condition": f"{match.group(1).lower()} {match.group(2)}"}
    if match := _EST_CE_QUE.match(text):
        message = _("Select yes if %(condition)s") % {"condition": match.group(1)}
        return re.sub(r"\bsi (ils?)\b", r"s’\1", message)  # French elides "si il" to "s’il"
    return None


def screening_message(question, limit):
    """What to do when screening ``question`` is left unanswered: the standard questions have
    their own message, whatever their wording; others are read for a "Select yes if"."""
    from .models.pages import ScreeningKind, with_limit

    standard = {
        ScreeningKind.EMERGENCY: _("Select yes if anyone is in danger or the crime is still happening"),
        ScreeningKind.SUSPECT_KNOWN: _("Select yes if you know who did it, or can describe or identify a suspect"),
        ScreeningKind.JURISDICTION: _("Select yes if it happened in our region"),
        ScreeningKind.VALUE_LIMIT: _("Select yes if the total value of the loss or damage is more than {limit}"),
    }
    if question.kind in standard:
        return with_limit(standard[question.kind], limit)
    return _select_yes_if(question.question_text(limit)) or _("Select yes or no")
