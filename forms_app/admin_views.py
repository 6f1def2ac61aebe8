"""Report forms' admin views: import and export of incident types (django-import-export), the
counts per form, and the "new page" view for report forms."""

import datetime

import tablib
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.create import CreateView
from wagtail.models import Site

from website.access import agency_sites, in_my_agencies, my_agencies, works_for_several

from .models import FunnelCount, FunnelStep, IncidentType, Report, ReportFormPage, ReportStatus
from .resources import IncidentTypeResource

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
MAX_IMPORT_BYTES = 2 * 1024 * 1024
COUNT_DAYS = 30


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or Excel (.xlsx) file"),
        help_text=gettext_lazy("The first row names the columns, as in an exported file."),
    )
    site = forms.ModelChoiceField(
        label=gettext_lazy("Agency of the new types"),
        queryset=Site.objects.none(),
        help_text=gettext_lazy("Rows with a new code become incident types of this agency."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        site = self.fields["site"]
        site.queryset = in_my_agencies(Site.objects.order_by("site_name", "hostname"), user, site_path="pk")
        if user.is_superuser:
            site.required = False
            site.empty_label = _("Every agency (install-wide)")
        elif len(site.queryset) == 1:
            site.initial = site.queryset[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower()
        if extension not in FORMATS:
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        content = upload.read()
        try:
            if extension == "csv":
                dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
            else:
                dataset = tablib.Dataset().load(content, format="xlsx")
        except Exception as error:  # tablib raises many kinds for a file it cannot read
            raise forms.ValidationError(_("This file could not be read: %(error)s") % {"error": error}) from None
        missing = {"code", "name", "ucr_code", "rms_occurrence_type"} - set(dataset.headers or [])
        if missing:
            raise forms.ValidationError(_("Columns missing: %(columns)s.") % {"columns": ", ".join(sorted(missing))})
        return dataset


def _check(request, action):
    if not request.user.has_perm(f"forms_app.{action}_incidenttype"):
        raise PermissionDenied


def export_incident_types(request, file_format):
    _check(request, "view")
    if file_format not in FORMATS:
        raise PermissionDenied
    content_type, extension = FORMATS[file_format]
    # The types the member of staff may see: their agencies' and the install-wide ones.
    dataset = IncidentTypeResource().export(in_my_agencies(IncidentType.objects.all(), request.user, shared=True))
    response = HttpResponse(dataset.export(file_format), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="incident-types.{extension}"'
    return response


def import_incident_types(request):
    _check(request, "add")
    _check(request, "change")
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        resource = IncidentTypeResource(user=request.user, site=form.cleaned_data["site"])
        dataset = form.cleaned_data["file"]
        result = resource.import_data(dataset, dry_run=True)
        if not (result.has_errors() or result.has_validation_errors()):
            result = resource.import_data(dataset, dry_run=False)
            totals = result.totals
            messages.success(
                request,
                _("Incident types imported: %(new)s new, %(updated)s updated, %(skipped)s unchanged.")
                % {"new": totals["new"], "updated": totals["update"], "skipped": totals["skip"]},
            )
            return redirect(reverse("wagtailsnippets_forms_app_incidenttype:list"))
    return TemplateResponse(
        request,
        "forms_app/admin/import_incident_types.html",
        {"form": form, "result": result, "page_title": _("Import incident types")},
    )


def _site_of(page, roots):
    """The site whose tree holds ``page``, from {root page path: site id} (the deepest root)."""
    paths = [path for path in roots if page.path.startswith(path)]
    return roots[max(paths, key=len)] if paths else None


def report_counts(request):
    """Counts per report form, for communications staff: how many reports in each state, and
    how many people the screening questions stopped, and how many saved a report to finish later
    and came back to it. Never a report's contents."""
    since = timezone.localdate() - datetime.timedelta(days=COUNT_DAYS)
    # The forms of the user's agencies only: the pages below their sites' home pages.
    roots = dict(Site.objects.filter(pk__in=agency_sites(request.user)).values_list("root_page__path", "pk"))
    in_trees = Q(pk__in=[])
    for path in roots:
        in_trees |= Q(path__startswith=path)
    names = my_agencies(request) if works_for_several(request) else None
    pages = ReportFormPage.objects.filter(in_trees).order_by("title")
    reports = in_my_agencies(Report.objects.filter(submit_time__date__gte=since, page__in=pages), request.user)
    by_status = {
        (row["page"], row["status"]): row["n"] for row in reports.values("page", "status").annotate(n=Count("pk"))
    }
    steps = {
        (row["page"], row["step"]): row["n"]
        for row in FunnelCount.objects.filter(
            day__gte=since, page__in=pages, step__in=[FunnelStep.STOPPED, FunnelStep.SAVED, FunnelStep.RESUMED]
        )
        .values("page", "step")
        .annotate(n=Sum("count"))
    }
    rows = [
        {
            "page": page,
            "counts": [by_status.get((page.pk, status), 0) for status, _label in ReportStatus.choices],
            "total": sum(by_status.get((page.pk, status), 0) for status, _label in ReportStatus.choices),
            "stopped": steps.get((page.pk, FunnelStep.STOPPED), 0),
            "saved": steps.get((page.pk, FunnelStep.SAVED), 0),
            "resumed": steps.get((page.pk, FunnelStep.RESUMED), 0),
            "agency": names and names.get(_site_of(page, roots), ""),
        }
        for page in pages
    ]
    return TemplateResponse(
        request,
        "forms_app/admin/report_counts.html",
        {
            "rows": rows,
            "statuses": [label for _status, label in ReportStatus.choices],
            "days": COUNT_DAYS,
            "show_agency": names is not None,
            "page_title": _("Online reports per form"),
        },
    )


class ReportFormCreateView(CreateView):
    """Wagtail's "new page" view for report forms, without the background save (autosave).

    A new page's first autosave makes the page, and the browser sends its next requests to the
    page's editor only once that answer is back; a Publish pressed before then is sent to this
    view, which refuses it (the slug is taken by the page the autosave made) and leaves the
    officer on a "new page" form for a page that exists. So a report form is saved by the
    officer once (Save draft or Publish); its editor then saves drafts by itself
    (docs/adr/0007-form-builder-integrity.md)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["autosave_enabled"] = False
        return context


create_report_form = never_cache(require_admin_access(ReportFormCreateView.as_view()))
