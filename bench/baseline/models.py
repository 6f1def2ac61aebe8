"""The two baselines of the benchmark, installed by ``bench.settings`` only.

- ``StockFormPage``: Wagtail's own form builder (``wagtail.contrib.forms``), untouched, with the
  same fields as the demo fraud form (types Wagtail has: time, postal code and phone as single
  lines, money as a number; the optional upload left out: Wagtail has no upload field).
- ``BareReport``: the row the bare Django view inserts.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField


class StockFormField(AbstractFormField):
    page = ParentalKey("StockFormPage", on_delete=models.CASCADE, related_name="form_fields")


class StockFormPage(AbstractForm):
    content_panels = [*AbstractForm.content_panels, InlinePanel("form_fields", label="Form fields")]
    landing_page_template = "baseline/stock_form_page_landing.html"
    template = "baseline/stock_form_page.html"


class BareReport(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    form_data = models.JSONField()

    def __str__(self):
        return f"bare report {self.pk}"


# Stock field types for the fraud form's fields (see the module docstring).
STOCK_TYPES = {"time": "singleline", "postal_code": "singleline", "phone": "singleline", "money": "number"}
SKIPPED_TYPES = {"upload", "property"}
