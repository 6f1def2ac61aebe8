"""Builds a report form's Django form class from the fields staff defined in the admin."""

from django import forms
from django.core.validators import MaxLengthValidator
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from . import fields
from .errors import required_message
from .mapping import TYPED_COLUMNS

HONEYPOT_FIELD = "website_url"
# An address is at most 254 characters (RFC 5321's 256 for a path, less its angle brackets), as
# Django's model EmailField stores; Django's form validator alone would take 320.
EMAIL_MAX_LENGTH = 254


def column_length(element):
    """The length of the ``Report`` column an answer mapped to ``element`` is copied into, or None."""
    from .models import Report

    column = TYPED_COLUMNS.get(element)
    return Report._meta.get_field(column).max_length if column else None


def fit_to_column(formfield, limit):
    """Make ``formfield`` refuse a value longer than ``limit``, with Django's own message. The
    check runs on the cleaned value (a postal code typed with two spaces is stored with one);
    a plain text box also stops the typing at the limit."""
    text = isinstance(formfield, forms.CharField | forms.ChoiceField)
    if not text or isinstance(formfield, forms.MultipleChoiceField):
        return  # its value is no text (a date, a list): there is no length to fit
    formfield.validators.append(MaxLengthValidator(limit))
    if type(formfield) in (forms.CharField, forms.EmailField) and (formfield.max_length or limit + 1) > limit:
        formfield.max_length = limit
        formfield.widget.attrs["maxlength"] = str(limit)


class ReportBaseForm(BaseForm):
    """Every report form: the staff's fields, plus a field only robots fill in."""

    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        addresses = [f for f in self.fields.values() if isinstance(f, fields.AddressField)]
        if addresses and self.page is not None:
            # Each agency's register only: the form's own site (every step answers on it alone).
            site = self.page.get_site()
            for field in addresses:
                field.site = site
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label="Leave this empty",  # hidden from people, never translated: robots read it
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    @property
    def is_bot(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def upload_fields(self):
        return [(name, f) for name, f in self.fields.items() if isinstance(f, fields.UploadField)]

    def property_fields(self):
        return [(name, f) for name, f in self.fields.items() if isinstance(f, fields.PropertyItemsField)]


class ReportFormBuilder(FormBuilder):
    def get_form_class(self):
        return type("ReportForm", (ReportBaseForm,), self.formfields)

    @property
    def formfields(self):
        formfields = super().formfields
        for field in self.fields:
            formfield = formfields[field.clean_name or field.get_field_clean_name()]
            formfield.required_message = required_message(field.field_type, field.label)
            formfield.error_messages["required"] = formfield.required_message
            limit = column_length(field.rms_element)
            if limit:
                fit_to_column(formfield, limit)
        return formfields

    def create_email_field(self, field, options):
        options["max_length"] = EMAIL_MAX_LENGTH
        return forms.EmailField(**options)

    def create_date_field(self, field, options):
        return fields.PastDateField(**options)

    def create_datetime_field(self, field, options):
        options["widget"] = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        return forms.DateTimeField(**options)

    def create_time_field(self, field, options):
        return fields.TimeField(**options)

    def create_postal_code_field(self, field, options):
        return fields.PostalCodeField(**options)

    def create_money_field(self, field, options):
        return fields.MoneyField(**options)

    def create_phone_field(self, field, options):
        return fields.PhoneField(**options)

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = 10_000
        options["widget"] = forms.Textarea(attrs={"rows": 6})
        return forms.CharField(**options)

    def create_upload_field(self, field, options):
        options.pop("initial", None)
        return fields.UploadField(max_bytes=field.max_file_mb * 1024 * 1024, max_files=field.max_files, **options)

    def create_address_field(self, field, options):
        options.pop("initial", None)
        return fields.AddressField(**options)

    def create_property_field(self, field, options):
        options.pop("initial", None)
        return fields.PropertyItemsField(**options)
