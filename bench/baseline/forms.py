"""The bare view's form: the fraud form's fields as a plain ``django.forms.Form``."""

from django import forms

from forms_app.demo import PAYMENT_METHODS

CONTACT = ["Phone call", "Text message", "Email", "Website or app", "Social media", "In person"]


def _choices(values):
    return [(v, v) for v in values]


class BareReportForm(forms.Form):
    date_it_happened = forms.DateField()
    time_it_happened = forms.TimeField(required=False)
    latest_date_it_could_have_happened = forms.DateField(required=False)
    street_address_or_nearest_intersection = forms.CharField(max_length=255)
    town_or_city = forms.CharField(max_length=255)
    postal_code = forms.CharField(max_length=8, required=False)
    how_did_they_contact_you = forms.ChoiceField(choices=_choices(CONTACT))
    amount_lost = forms.DecimalField(max_digits=10, decimal_places=2)
    how_did_you_pay = forms.ChoiceField(choices=_choices(PAYMENT_METHODS.split("\n")))
    what_happened = forms.CharField(widget=forms.Textarea, max_length=10_000)
    first_name = forms.CharField(max_length=255)
    last_name = forms.CharField(max_length=255)
    email_address = forms.EmailField()
    phone_number = forms.CharField(max_length=32)
