import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms_app.models import IncidentType

from .models import RejectionReason, ReportProcess


class DecisionForm(forms.Form):
    """A form whose ``decision`` says which of its other fields count. The page shows only
    those (decision.js, from ``data-decision-fields``); without JavaScript every field is shown
    and the fields of another decision are ignored here."""

    decision_fields = {}  # decision -> the names of its fields

    @property
    def decision_fields_json(self):
        return json.dumps(self.decision_fields)

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in self.decision_fields:
            kept = {"decision", *self.decision_fields[decision]}
            for name, field in self.fields.items():
                if name not in kept and name in cleaned:
                    cleaned[name] = "" if isinstance(field, forms.CharField) else None
        return cleaned


class ReviewForm(DecisionForm):
    APPROVE, REQUEST_INFO, REJECT = ReportProcess.Decision  # what the flow's next step reads
    decision_fields = {
        APPROVE: ["incident_type", "note"],
        REQUEST_INFO: ["incident_type", "question", "note"],
        REJECT: ["incident_type", "rejection_reason", "rejection_text", "note"],
    }

    decision = forms.ChoiceField(label=_("Decision"), choices=ReportProcess.Decision.choices, widget=forms.RadioSelect)
    incident_type = forms.ModelChoiceField(
        label=_("Incident type"),
        queryset=IncidentType.objects.filter(active=True),
        help_text=_("Change it to reclassify the report."),
    )
    question = forms.CharField(
        label=_("Question for the citizen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Emailed to the citizen in their language; they answer on their status page."),
    )
    rejection_reason = forms.ModelChoiceField(
        label=_("Reason for rejecting"), queryset=RejectionReason.objects.none(), required=False
    )
    rejection_text = forms.CharField(
        label=_("Explanation to add for the citizen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by staff only."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        # The report's agency's reasons only: another agency's list is not theirs to see or use.
        self.fields["rejection_reason"].queryset = RejectionReason.objects.filter(active=True, site_id=report.site_id)
        self.fields["incident_type"].queryset = IncidentType.objects.filter(active=True).usable_by(report.site_id)

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.REQUEST_INFO and not cleaned.get("question", "").strip():
            self.add_error("question", ValidationError(_("Write the question the citizen should answer.")))
        if decision == self.REJECT and not cleaned.get("rejection_reason"):
            self.add_error("rejection_reason", ValidationError(_("Choose the reason for rejecting the report.")))
        return cleaned


class ApprovalForm(DecisionForm):
    APPROVE, SEND_BACK = "approve", "send_back"
    decision_fields = {APPROVE: ["comment"], SEND_BACK: ["comment"]}

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve and send to the RMS")), (SEND_BACK, _("Send back to review"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the reviewer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.SEND_BACK and not cleaned.get("comment", "").strip():
            self.add_error("comment", ValidationError(_("Say what the reviewer should look at again.")))
        return cleaned


class CorrectExportForm(forms.Form):
    incident_type = forms.ModelChoiceField(
        label=_("Incident type"),
        queryset=IncidentType.objects.filter(active=True),
        help_text=_("Correct it if the RMS refused the record for its classification."),
    )
    note = forms.CharField(
        label=_("What you corrected"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident_type"].queryset = IncidentType.objects.filter(active=True).usable_by(report.site_id)
