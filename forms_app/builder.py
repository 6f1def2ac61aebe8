"""Builds a report form's Django form class from the fields staff defined in the admin."""

from django import forms
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from . import fields

HONEYPOT_FIELD = "website_url"


class ReportBaseForm(BaseForm):
    """Every report form: the staff's fields, plus a field only robots fill in."""

    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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

    def create_property_field(self, field, options):
        options.pop("initial", None)
        return fields.PropertyItemsField(**options)
