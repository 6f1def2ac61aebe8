"""The address register in the Wagtail admin (Settings > Address register), for staff with
``website.manage_address_register`` (the Communications role) and of the agency only: upload a
CSV file, say which column holds each address field, watch the import run (a Celery task), read
its counts; export the register as CSV or XLSX. Each import and export is in the audit trail."""

import csv
import os
import tempfile
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from . import address_import, audit
from .access import agency_name, get_in_my_agencies_or_404, in_my_agencies, my_agencies
from .address_resources import AddressResource
from .admin_views import spreadsheet_safe
from .models import Address, AddressImport

PERMISSION = "website.manage_address_register"
RECENT_IMPORTS = 10
# Excel's last row, less the header.
XLSX_MAX_ROWS = 1_048_575


def may_manage(user):
    return user.is_authenticated and (user.is_superuser or user.has_perm(PERMISSION))


def _check(request):
    if not may_manage(request.user):
        raise PermissionDenied


def _site(request, site_id):
    """The agency ``site_id`` if the user works for it, else 404 (recorded)."""
    return get_in_my_agencies_or_404(
        request, Site.objects.select_related("agencysettings"), site_id, site_path="pk", audit_target=lambda s: None
    )


def _job(request, import_id):
    return get_in_my_agencies_or_404(request, AddressImport.objects.select_related("site"), import_id)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8 text, the first line naming the columns: e.g. a National Address Register address file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class MappingForm(forms.Form):
    """One choice per address field: the column of the file that holds it."""

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        choices = [("", _("— not in the file —")), *((c, c) for c in columns)]
        for target in address_import.TARGETS:
            self.fields[target.key] = forms.ChoiceField(
                label=target.label, choices=choices, required=False, help_text=_("Required") if target.required else ""
            )

    def clean(self):
        mapping = {key: value for key, value in self.cleaned_data.items() if value}
        for problem in address_import.check_mapping(mapping, self.columns):
            self.add_error(None, problem)
        self.mapping = mapping
        return self.cleaned_data


def choose_agency(request):
    """The register of the user's one agency, or the list of their agencies to pick from."""
    _check(request)
    agencies = my_agencies(request)
    if len(agencies) == 1:
        return redirect("address_register", site_id=next(iter(agencies)))
    return TemplateResponse(
        request,
        "website/admin/address_register_agencies.html",
        {"agencies": agencies.items(), "page_title": _("Address register")},
    )


def register(request, site_id):
    """One agency's register: its size, the upload form and the latest imports."""
    _check(request)
    site = _site(request, site_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = _store_upload(request, site, form.cleaned_data["file"], form)
        if job is not None:
            return redirect("address_import", import_id=job.pk)
    settings = getattr(site, "agencysettings", None)
    return TemplateResponse(
        request,
        "website/admin/address_register.html",
        {
            "site": site,
            "agency": agency_name(site),
            "form": form,
            "count": Address.objects.filter(site=site).count(),
            "has_boundary": bool(settings and settings.boundary),
            "imports": AddressImport.objects.filter(site=site)[:RECENT_IMPORTS],
            "page_title": _("Address register"),
            "nar_columns": [t.names[0] for t in address_import.TARGETS],
        },
    )


def _store_upload(request, site, upload, form):
    """The upload kept as a file of its own, checked, and its import waiting for the column
    mapping; None (with the reason on ``form``) for a file that cannot be imported."""
    path = address_import.import_directory() / f"{uuid.uuid4().hex}.csv"
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        info = address_import.inspect(path)
    except address_import.ImportFileError as error:
        os.remove(path)
        form.add_error("file", str(error))
        return None
    return AddressImport.objects.create(
        site=site,
        user=request.user,
        file_name=os.path.basename(upload.name)[:255],
        path=str(path),
        columns=info.columns,
        mapping=address_import.guess_mapping(info.columns),
        total_rows=info.rows,
    )


def progress_text(job):
    return _("%(status)s: %(processed)d of %(total)d rows read (%(percent)d%%).") % {
        "status": job.get_status_display(),
        "processed": job.processed,
        "total": job.total_rows,
        "percent": job.percent,
    }


def import_page(request, import_id):
    """An import: the column mapping while it waits for one, then its progress and counts."""
    _check(request)
    job = _job(request, import_id)
    form = None
    if job.status == AddressImport.Status.MAPPING:
        form = MappingForm(request.POST or None, columns=job.columns, initial=job.mapping)
        if request.method == "POST" and form.is_valid():
            return _start(request, job, form.mapping)
    context = {
        "job": job,
        "form": form,
        "agency": agency_name(job.site),
        "progress_url": reverse("address_import_progress", args=[job.pk]),
        "progress_text": progress_text(job),
        "register_url": reverse("address_register", args=[job.site_id]),
        "page_title": _("Address import"),
    }
    return TemplateResponse(request, "website/admin/address_import.html", context)


def _start(request, job, mapping):
    from .tasks import import_addresses

    updated = AddressImport.objects.filter(pk=job.pk, status=AddressImport.Status.MAPPING).update(
        mapping=mapping, status=AddressImport.Status.QUEUED
    )
    if updated:
        columns = ", ".join(f"{key}={column}" for key, column in sorted(mapping.items()))
        audit.record(
            request,
            job,
            audit.Action.IMPORT_STARTED,
            detail=f"address register {job.file_name}, {job.total_rows} rows: {columns}",
        )
        # Eager (no broker, in development): runs here, still in batches.
        import_addresses.delay(job.pk)
    return redirect("address_import", import_id=job.pk)


def import_progress(request, import_id):
    """How far an import has come, as JSON (what the progress bar asks every few seconds)."""
    _check(request)
    job = _job(request, import_id)
    response = JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "finished": job.finished,
            "percent": job.percent,
            "processed": job.processed,
            "total": job.total_rows,
            "created": job.created,
            "updated": job.updated,
            "errors": job.error_count,
            "outside": job.outside,
            "text": progress_text(job),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


class _Echo:
    def write(self, value):
        return value


def export(request, site_id, file_format):
    """The agency's register as CSV (streamed) or XLSX, in ``AddressResource``'s columns."""
    _check(request)
    site = _site(request, site_id)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    addresses = in_my_agencies(Address.objects.filter(site=site), request.user).order_by("pk")
    total = addresses.count()
    if file_format == "xlsx" and total > XLSX_MAX_ROWS:
        messages.error(request, _("A spreadsheet holds at most %(max)d rows: export as CSV.") % {"max": XLSX_MAX_ROWS})
        return redirect("address_register", site_id=site.pk)
    audit.record(
        request, None, audit.Action.EXPORT, site_id=site.pk, detail=f"address register {file_format}, {total} addresses"
    )
    resource = AddressResource()
    fields = resource.get_export_fields()
    headers = resource.get_export_headers()

    # Text a spreadsheet would run as a formula gets a quote; the coordinates are numbers ("-79.7").
    numbers = {"latitude", "longitude"}

    def rows():
        for address in addresses.iterator(chunk_size=5000):
            yield [
                value if f.column_name in numbers else spreadsheet_safe(value)
                for f, value in ((f, resource.export_field(f, address)) for f in fields)
            ]

    filename = f"address-register-{site.hostname}.{file_format}"
    if file_format == "csv":
        writer = csv.writer(_Echo())
        lines = (writer.writerow(row) for row in _with_header(headers, rows()))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in _with_header(headers, rows()):
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _with_header(headers, rows):
    yield headers
    yield from rows
