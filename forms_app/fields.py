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


# The Address question -----------------------------------------------------------------------
# Its parts, as the browser sends them: ``<name>`` the text typed (or the label chosen), and
# ``<name>-<part>`` for the others, so that a section and the draft keep them with the question.
ADDRESS_PARTS = ("id", "choice", "manual", "street", "description", "municipality", "postal_code")
# "None of these: keep what I typed", among the addresses offered after Continue without JavaScript.
KEEP_TYPED = "typed"
MAX_SUGGESTIONS = 8


def address_answer(address=None, *, text="", street="", municipality="", postal_code="", description=""):
    """The answer the report keeps (``Report.form_data``): an address of the register, or what
    the citizen typed when it is not there."""
    if address is not None:
        return {
            "text": address.label,
            "address_id": address.pk,
            "source_id": address.source_id,
            "street": address.street_line,
            "municipality": address.municipality,
            "postal_code": address.postal_code,
            "latitude": address.latitude,
            "longitude": address.longitude,
            "description": description,
        }
    return {
        "text": text or street or description,
        "address_id": None,
        "source_id": "",
        "street": street,
        "municipality": municipality,
        "postal_code": postal_code,
        "latitude": None,
        "longitude": None,
        "description": description,
    }


class AddressWidget(forms.Widget):
    """The text box (enhanced into an autocomplete by ``address.js``), the chosen address's id,
    the addresses offered after a Continue without JavaScript, and "I can't find the address"
    with its own boxes (opened by the box being ticked: CSS, no script needed)."""

    template_name = "forms_app/widgets/address.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.suggestions = []

    def value_from_datadict(self, data, files, name):
        value = {"text": data.get(name, "")}
        for part in ADDRESS_PARTS:
            value[part] = data.get(f"{name}-{part}", "")
        return value

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}-manual" not in data

    def format_value(self, value):
        if isinstance(value, dict) and "address_id" in value:  # an answer (``address_answer``)
            return {"text": value.get("text", ""), "id": value.get("address_id") or ""}
        return value if isinstance(value, dict) else {"text": value or ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"] or {}
        context["widget"].update(
            parts={part: value.get(part, "") for part in ADDRESS_PARTS},
            text=value.get("text", ""),
            manual=bool(value.get("manual")) or value.get("choice") == KEEP_TYPED,
            suggestions=self.suggestions,
            keep_typed=KEEP_TYPED,
        )
        return context


class AddressField(forms.Field):
    """An address of the agency's register, chosen in the autocomplete (its id), or, without
    JavaScript, found from the text typed; or typed in full under "I can't find the address".

    Only the id is read from a choice: the label, the point and the rest come from the register
    of ``site`` (set by the form, ``ReportBaseForm``), so an address of another agency's register,
    or a point the browser made up, is never taken."""

    widget = AddressWidget
    default_error_messages = {
        "not_found": _(
            "We could not find that address in our list. Check it, or tick “I can't find the address” and "
            "describe where it happened."
        ),
        "several": _("More than one address matches. Choose yours below, or keep what you typed."),
        "manual_place": _("Enter the street address or nearest intersection, or describe the place"),
        "manual_area": _("Enter the municipality or the postal code"),
    }

    def __init__(self, *, site=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(**kwargs)
        self.site = site
        self.postal_code = PostalCodeField(required=False)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.widget.suggestions = []
        return copy

    def to_python(self, value):
        if not isinstance(value, dict):
            return {"text": str(value or "")}
        return {key: str(part or "").strip()[:255] for key, part in value.items()}

    def validate(self, value):
        pass  # the whole check is in ``clean``

    def clean(self, value):
        value = self.to_python(value)
        self.widget.suggestions = []
        text = " ".join(value.get("text", "").split())
        if value.get("manual") or value.get("choice") == KEEP_TYPED:
            return self._typed(value, text)
        for key in ("id", "choice"):
            address = self._address(value.get(key))
            if address is not None:
                return address_answer(address)
        if not text:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        from website.addresses import normalise, search

        found = list(search(self.site, text, limit=MAX_SUGGESTIONS))
        exact = [address for address in found if normalise(address.label) == normalise(text)]
        if len(exact) == 1 or len(found) == 1:
            return address_answer((exact or found)[0])
        if found:
            self.widget.suggestions = found
            raise ValidationError(self.error_messages["several"], code="several")
        raise ValidationError(self.error_messages["not_found"], code="not_found")

    def _address(self, value):
        """The register's address of id ``value``, of this agency's register only (else None)."""
        from website.models import Address

        value = value or ""
        if self.site is None or not (value.isascii() and value.isdigit()) or len(value) > 18:
            return None
        return Address.objects.filter(site=self.site, pk=int(value)).first()

    def _typed(self, value, text):
        street = " ".join(value.get("street", "").split()) or text
        description = value.get("description", "")
        municipality = " ".join(value.get("municipality", "").split())[:120]
        errors = []
        if not street and not description:
            errors.append(ValidationError(self.error_messages["manual_place"], code="manual_place"))
        try:
            postal_code = self.postal_code.clean(value.get("postal_code", ""))
        except ValidationError as error:
            errors.append(error)
            postal_code = None
        if not municipality and postal_code == "":
            errors.append(ValidationError(self.error_messages["manual_area"], code="manual_area"))
        if errors:
            raise ValidationError(errors)
        return address_answer(
            text=text, street=street, municipality=municipality, postal_code=postal_code or "", description=description
        )
