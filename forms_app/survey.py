"""The satisfaction survey's page, reached only through the signed, expiring link emailed to the
citizen once their report is closed (``workflows`` schedules and sends it). Three questions,
answered once: the score, whether what happens next was clear, a comment."""

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from website import audit

from .models import Survey
from .models.survey import MAX_COMMENT_LENGTH
from .signals import survey_answered
from .status import site_base_url

SALT = "openreport.survey"

SCORES = [
    ("5", gettext_lazy("5 – Very satisfied")),
    ("4", gettext_lazy("4 – Satisfied")),
    ("3", gettext_lazy("3 – Neither satisfied nor dissatisfied")),
    ("2", gettext_lazy("2 – Dissatisfied")),
    ("1", gettext_lazy("1 – Very dissatisfied")),
]
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def survey_token(survey):
    return signing.dumps({"s": survey.pk}, salt=SALT, compress=True)


def survey_url(survey):
    """The survey's full address, in the report's language, on the address it was sent from."""
    from django.utils import translation

    report = survey.report
    with translation.override(report.language):
        path = reverse("report_survey", args=[survey_token(survey)])
    return (report.site_address or site_base_url(report.site)) + path


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Overall, how satisfied are you with how your report was handled?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how satisfied you are, from 1 to 5")},
    )
    understood = forms.TypedChoiceField(
        label=gettext_lazy("Did you understand what happens next with your report?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Say whether you understood what happens next")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything you would like to tell us (optional)"),
        help_text=gettext_lazy(
            "At most 1,000 characters. Do not include new information about an incident: make a new report."
        ),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_COMMENT_LENGTH}),
        error_messages={"max_length": gettext_lazy("Keep your comment to 1,000 characters or fewer")},
    )


def _survey_for(token):
    """The survey, or raises ``signing.SignatureExpired`` / ``signing.BadSignature``."""
    data = signing.loads(token, salt=SALT, max_age=settings.REPORT_SURVEY_LINK_DAYS * 24 * 3600)
    survey = Survey.objects.select_related("report__site").filter(pk=data.get("s")).first()
    if survey is None:
        raise signing.BadSignature("no such survey")
    return survey


@never_cache
def report_survey(request, token):
    site = Site.find_for_request(request)
    invalid = TemplateResponse(request, "forms_app/survey_link_invalid.html", {"expired": False}, status=404)
    try:
        survey = _survey_for(token)
    except signing.SignatureExpired:
        return TemplateResponse(request, "forms_app/survey_link_invalid.html", {"expired": True}, status=410)
    except signing.BadSignature:
        return invalid
    if site is None or site.pk != survey.report.site_id:
        return invalid  # one police service's link opens on its own site only
    if survey.answered:
        return TemplateResponse(request, "forms_app/survey_thanks.html", {"survey": survey, "again": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = Survey.objects.select_for_update().get(pk=survey.pk)
            if locked.answered:  # answered in another tab a moment ago
                return TemplateResponse(request, "forms_app/survey_thanks.html", {"survey": locked, "again": True})
            locked.score = form.cleaned_data["score"]
            locked.understood = form.cleaned_data["understood"]
            locked.comment = form.cleaned_data["comment"].strip()
            locked.answered_at = timezone.now()
            locked.save(update_fields=["score", "understood", "comment", "answered_at"])
            audit.record(
                request, locked.report, audit.Action.SURVEY_ANSWERED, detail=f"score {locked.score}", outcome=""
            )
            transaction.on_commit(lambda: survey_answered.send(sender=Survey, survey=locked))
        return redirect(request.path)
    return TemplateResponse(request, "forms_app/survey.html", {"survey": survey, "form": form})


def survey_figures(site_ids, start, end):
    """Responses to the surveys sent between ``start`` and ``end`` (datetimes) for reports of
    ``site_ids``: how many were sent and answered, the response rate, the mean score overall,
    by incident type and by outcome, and how many understood what happens next."""
    from django.db.models import Avg, Count, Q

    sent = Survey.objects.filter(report__site_id__in=site_ids, sent_at__gte=start, sent_at__lt=end)
    answered = sent.filter(answered_at__isnull=False)
    totals = sent.aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        mean=Avg("score", filter=Q(answered_at__isnull=False)),
        understood=Count("pk", filter=Q(understood=True)),
    )
    by_type = list(
        answered.values("report__incident_type__code", "report__incident_type__name")
        .annotate(answers=Count("pk"), mean=Avg("score"))
        .order_by("report__incident_type__name")
    )
    by_outcome = list(answered.values("outcome").annotate(answers=Count("pk"), mean=Avg("score")).order_by("outcome"))
    rate = totals["answered"] / totals["sent"] if totals["sent"] else None
    return {**totals, "response_rate": rate, "by_incident_type": by_type, "by_outcome": by_outcome}
