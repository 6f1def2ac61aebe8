"""Form fields for report forms, beyond Wagtail's own: date, time, Canadian postal code,
money, phone, uploads and the repeatable property-item group."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

POSTAL_CODE_RE = re.compile(r"^([ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z])\s*([0-9][ABCEGHJ-NPRSTV-Z][0-9])$")
MAX_PROPERTY_ITEMS = 20
MAX_MONEY = Decimal("99999999.99")


class PastDateField(forms.DateField):
    """A date that has already come: an incident cannot have happened tomorrow."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {
        "invalid": _("Enter a real date, for example 2026-03-27."),
        "future": _("The date cannot be in the future."),
    }

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")


class TimeField(forms.TimeField):
    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    default_error_messages = {"invalid": _("Enter a time, for example 14:30.")}


class PostalCodeField(forms.CharField):
    default_error_messages = {"invalid": _("Enter a Canadian postal code, for example L6H 2R4.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 8)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "postal-code", "spellcheck": "false", "size": "8"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        match = POSTAL_CODE_RE.match(value.strip().upper())
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return f"{match.group(1)} {match.group(2)}"


class MoneyField(forms.DecimalField):
    """Accepts what people type: "$1,250", "1250.00", "1 250,50 $"."""

    default_error_messages = {"invalid": _("Enter an amount in dollars, for example 1250.00.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            text = re.sub(r"[\s\u00a0\u202f$]", "", value)
            if re.fullmatch(r"[0-9.]*,[0-9]{1,2}", text):  # French decimal comma
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
            try:
                if text and Decimal(text) > MAX_MONEY:
                    raise ValidationError(self.error_messages["invalid"], code="invalid")
            except InvalidOperation:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            value = text
        return super().to_python(value)


class PhoneField(forms.CharField):
    """A North American number, stored as 905-555-0100 (with " ext. 42" when given)."""

    default_error_messages = {"invalid": _("Enter a 10-digit phone number, for example 905-555-0100.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        match = re.match(r"^(.*?)(?:\s*(?:x|ext\.?|poste)\s*(\d{1,6}))?\s*$", value, re.I)
        main, extension = match.group(1), match.group(2) or ""
        digits = re.sub(r"\D", "", main)
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) != 10 or re.sub(r"[\d\s().+-]", "", main):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        return f"{number} ext. {extension}" if extension else number


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """Files are checked and kept by the form step (see ``forms_app.steps``), so that a bad
    answer elsewhere never makes the citizen upload them again. This field only carries the
    limits staff set."""

    widget = MultipleFileInput

    def __init__(self, *, max_bytes, max_files, **kwargs):
        self.max_bytes = max_bytes
        self.max_files = max_files
        self.files_required = kwargs.get("required", True)
        kwargs["required"] = False
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png,image/heic,application/pdf"})

    def clean(self, data, initial=None):
        return None


class PropertyItemForm(forms.Form):
    description = forms.CharField(label=_("What is it?"), max_length=200)
    brand = forms.CharField(label=_("Brand"), max_length=100, required=False)
    model = forms.CharField(label=_("Model"), max_length=100, required=False)
    serial_number = forms.CharField(label=_("Serial number"), max_length=100, required=False)
    value = MoneyField(label=_("Value ($)"), required=False)

    def has_changed(self):
        # A row the citizen left blank is no item, not an error.
        return any(self.data.get(self.add_prefix(name), "").strip() for name in self.fields)


PropertyItemFormSet = forms.formset_factory(
    PropertyItemForm, extra=1, min_num=0, max_num=MAX_PROPERTY_ITEMS, absolute_max=MAX_PROPERTY_ITEMS, validate_max=True
)


class PropertyItemsField(forms.Field):
    """Marks where the property-item group stands in the form; the step renders a formset."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        self.items_required = kwargs.get("required", True)
        kwargs["required"] = False
        super().__init__(**kwargs)

    def clean(self, value):
        return None
