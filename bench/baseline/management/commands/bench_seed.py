"""The baselines' content: a stock Wagtail form page with the demo fraud form's fields, under
the demo home page. Run after ``seed_demo``, with ``bench.settings``; safe to run again."""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from bench.baseline.models import SKIPPED_TYPES, STOCK_TYPES, StockFormField, StockFormPage
from forms_app.models import ReportFormPage


class Command(BaseCommand):
    help = "Create the benchmark's stock Wagtail form page (bench settings only)."

    def handle(self, *args, **options):
        default_home = Site.objects.get(is_default_site=True).root_page
        ours = ReportFormPage.objects.child_of(default_home).get(slug="report-fraud")
        home = ours.get_parent()
        if StockFormPage.objects.exists():
            self.stdout.write("The stock form page exists.")
            return
        fields = [
            StockFormField(
                sort_order=n,
                label=f.label,
                field_type=STOCK_TYPES.get(f.field_type, f.field_type),
                required=f.required,
                choices=f.choices,
                help_text=f.help_text,
            )
            for n, f in enumerate(ours.get_form_fields())
            if f.field_type not in SKIPPED_TYPES
        ]
        page = StockFormPage(title=ours.title, slug=f"stock-{ours.slug}", form_fields=fields)
        home.add_child(instance=page)
        page.save_revision().publish()
        address = page.relative_url(Site.objects.get(is_default_site=True))
        self.stdout.write(f"Stock form page {address} with {len(fields)} fields.")
