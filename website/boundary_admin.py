"""The agency's boundary in its settings (Settings → Agency settings): a GeoJSON file uploaded,
checked (``website.geo.parse_boundary``) and kept as the settings' ``boundary``; removed with a
checkbox; drawn as a small map with its size in words. A bad file is a message on the field,
and nothing the user typed in the other settings is lost.

A file that passed the check waits in a hidden field while another setting has an error, so that
the user need not choose it again (browsers never fill a file input back in). That field is
checked again on every save, as the file was.

The change is recorded in the audit (``after_edit_setting`` hook in ``wagtail_hooks``)."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import HelpPanel

from .geo import MAX_BOUNDARY_BYTES, parse_boundary
from .maps import extent_in_words, location_map

BOUNDARY_CHANGED = "_boundary_changed"


class AgencySettingsForm(WagtailAdminModelForm):
    boundary_file = forms.FileField(
        label=gettext_lazy("Boundary (GeoJSON)"),
        required=False,
        help_text=gettext_lazy(
            "A GeoJSON file (.geojson or .json) of a Polygon or MultiPolygon in longitude and latitude (WGS 84, "
            "EPSG:4326), at most 5 MB. It replaces the current boundary."
        ),
        widget=forms.FileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )
    remove_boundary = forms.BooleanField(
        label=gettext_lazy("Remove the boundary"),
        required=False,
        help_text=gettext_lazy(
            "Without a boundary, where an incident happened is checked by its postal code and municipality only."
        ),
    )
    pending_boundary = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        # One byte more than the limit is enough for parse_boundary to say the file is too large.
        return parse_boundary(upload.read(MAX_BOUNDARY_BYTES + 1))

    def clean_pending_boundary(self):
        text = self.cleaned_data.get("pending_boundary")
        if not text:
            return None
        try:
            return parse_boundary(text)
        except ValidationError:
            # Not the user's doing (the field is hidden): the file is asked for again.
            raise ValidationError(_("Choose the boundary file again.")) from None

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("boundary_file")
        if uploaded is None and "boundary_file" not in self.errors:
            uploaded = cleaned.get("pending_boundary")
        if cleaned.get("remove_boundary") and (uploaded is not None or self.files.get("boundary_file")):
            self.add_error("remove_boundary", _("Either choose a new boundary file or remove the boundary, not both."))
            uploaded = None
        self.new_boundary = uploaded
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            pending = getattr(self, "new_boundary", None)
            # The checked boundary waits for the next save; a refused file never does.
            self.data = self.data.copy()
            self.data[self.add_prefix("pending_boundary")] = json.dumps(pending) if pending else ""

    def save(self, commit=True):
        instance = super().save(commit=False)
        before = instance.boundary
        if self.cleaned_data.get("remove_boundary"):
            instance.boundary = None
        elif self.new_boundary is not None:
            instance.boundary = self.new_boundary
        if instance.boundary != before:
            setattr(instance, BOUNDARY_CHANGED, "removed" if instance.boundary is None else "set")
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class BoundaryPreviewPanel(HelpPanel):
    """The current boundary as a small map, its size in words; or that there is none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "website/admin/boundary_preview.html")
        kwargs.setdefault("heading", gettext_lazy("Current boundary"))
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        @property
        def boundary(self):
            return getattr(self.instance, "boundary", None)

        @property
        def pending(self):
            """A checked file waiting for the other settings' errors to be fixed."""
            form = self.form
            return getattr(form, "new_boundary", None) if form is not None and form.errors else None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            boundary = self.boundary
            context.update(
                boundary=boundary,
                pending=self.pending,
                boundary_map=location_map(boundary, width=280, label=_("Map of the agency’s boundary"))
                if boundary
                else "",
                extent=extent_in_words(boundary),
            )
            return context
