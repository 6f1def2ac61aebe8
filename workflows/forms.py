import json

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

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


class AgencyChoiceField(forms.ModelChoiceField):
    """An agency (a Wagtail site), by its name in the staff member's language."""

    def label_from_instance(self, obj):
        return obj.agencysettings.name


class ReferralTypeChoiceField(forms.ModelChoiceField):
    """An incident type another agency may use: the install's, or that agency's own (named)."""

    def label_from_instance(self, obj):
        if obj.site_id is None:
            return str(obj)
        return _("%(type)s (%(agency)s only)") % {"type": obj, "agency": obj.site.agencysettings.name}


class ReviewForm(DecisionForm):
    APPROVE, REQUEST_INFO, REJECT, REFER = ReportProcess.Decision  # what the flow's next step reads
    decision_fields = {
        APPROVE: ["incident_type", "note"],
        REQUEST_INFO: ["incident_type", "question", "note"],
        REJECT: ["incident_type", "rejection_reason", "rejection_text", "note"],
        REFER: ["agency", "referral_incident_type", "referral_note"],
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
    agency = AgencyChoiceField(
        label=_("Police service to send it to"),
        queryset=Site.objects.none(),
        required=False,
        help_text=_("The service that serves where it happened. It gets the report with its files and history."),
        error_messages={"invalid_choice": _("Choose one of the other police services in the list.")},
    )
    referral_incident_type = ReferralTypeChoiceField(
        label=_("Incident type at that police service"),
        queryset=IncidentType.objects.none(),
        required=False,
        help_text=_("Needed only if that service does not use the report’s incident type."),
        error_messages={"invalid_choice": _("Choose one of the incident types in the list.")},
    )
    referral_note = forms.CharField(
        label=_("Why it goes to that police service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by staff only: the other service reads it with the report."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        # The report's agency's reasons only: another agency's list is not theirs to see or use.
        self.fields["rejection_reason"].queryset = RejectionReason.objects.filter(active=True, site_id=report.site_id)
        self.fields["incident_type"].queryset = IncidentType.objects.filter(active=True).usable_by(report.site_id)
        others = referral_agencies(report)
        self.fields["agency"].queryset = others
        self.fields["referral_incident_type"].queryset = (
            IncidentType.objects.filter(active=True)
            .filter(Q(site__isnull=True) | Q(site__in=others))
            .select_related("site__agencysettings")
            .order_by("site__agencysettings__agency_name", "name")
        )
        if not others.exists():  # an install of one agency: nowhere to refer to
            self.fields["decision"].choices = [c for c in self.fields["decision"].choices if c[0] != self.REFER]
            for name in self.decision_fields[self.REFER]:
                del self.fields[name]
            self.decision_fields = {k: v for k, v in self.decision_fields.items() if k != self.REFER}
        else:
            serving = [site for site in others if serves(site.agencysettings, report)]
            if len(serving) == 1:
                self.fields["agency"].initial = serving[0].pk

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.REQUEST_INFO and not cleaned.get("question", "").strip():
            self.add_error("question", ValidationError(_("Write the question the citizen should answer.")))
        if decision == self.REJECT and not cleaned.get("rejection_reason"):
            self.add_error("rejection_reason", ValidationError(_("Choose the reason for rejecting the report.")))
        if decision == self.REFER:
            self.clean_referral(cleaned)
        return cleaned

    def clean_referral(self, cleaned):
        """The agency, why, and an incident type that agency uses (the report's, if it does)."""
        site = cleaned.get("agency")
        if not cleaned.get("referral_note", "").strip():
            self.add_error("referral_note", _("Say why the report goes to that police service."))
        if site is None:
            if "agency" not in self.errors:
                self.add_error("agency", _("Choose the police service to send the report to."))
            return
        usable = IncidentType.objects.filter(active=True).usable_by(site.pk)
        chosen = cleaned.get("referral_incident_type")
        names = {"agency": site.agencysettings.name}
        if chosen is not None and not usable.filter(pk=chosen.pk).exists():
            self.add_error(
                "referral_incident_type",
                _("%(agency)s does not use this incident type: choose one of the install’s or one of its own.") % names,
            )
        elif chosen is None:
            if usable.filter(pk=self.report.incident_type_id).exists():
                cleaned["referral_incident_type"] = self.report.incident_type
            else:
                self.add_error(
                    "referral_incident_type",
                    _("%(agency)s does not use the incident type %(type)s: choose one it uses.")
                    % {**names, "type": self.report.incident_type},
                )


def referral_agencies(report):
    """The other agencies of the install (the sites with agency settings), by name."""
    return (
        Site.objects.exclude(pk=report.site_id)
        .filter(agencysettings__isnull=False)
        .select_related("agencysettings")
        .order_by("agencysettings__agency_name")
    )


def serves(agency, report):
    """Does ``agency`` serve where the report says it happened (postal code or municipality)?"""
    return agency.covers_postal_code(report.postal_code) or agency.covers_municipality(report.municipality)


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


class CallbackForm(forms.Form):
    REACHED = "called back"
    NOT_REACHED = "could not reach"
    decision = forms.ChoiceField(
        label=_("Call-back"),
        choices=[(REACHED, _("I spoke with the citizen")), (NOT_REACHED, _("I could not reach the citizen"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("What was said or tried. Staff only: the citizen does not see it."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
