from decimal import ROUND_FLOOR

from django import forms, template

from .. import display
from ..builder import HONEYPOT_FIELD
from ..fields import PropertyItemsField, UploadField
from ..uploads import human_size

register = template.Library()


@register.filter
def field_kind(bound_field):
    field = bound_field.field
    if bound_field.name == HONEYPOT_FIELD:
        return "honeypot"
    if isinstance(field, PropertyItemsField):
        return "property"
    if isinstance(field, UploadField):
        return "upload"
    if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(field.widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.simple_tag
def widget(bound_field, show_errors=True, **attrs):
    """The field's widget, tied to its hint and error message for screen readers."""
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    if show_errors and bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.field.required:
        attrs["aria-required"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def staged_files(step, name):
    return step.staged(name)


@register.filter
def money(value):
    """An amount as the language being used writes it: $850.00, 850,00 $."""
    return display.money(value)


@register.filter
def file_size(num_bytes):
    """A file's size as the citizen reads it: "1.5 MB", "1,5 Mo" ("10 MB", "10 Mo" when whole)."""
    return human_size(num_bytes or 0)


@register.filter
def size_limit(num_bytes):
    """A size limit: rounded down, so a file at the limit never looks bigger than it."""
    return human_size(num_bytes or 0, rounding=ROUND_FLOOR)
