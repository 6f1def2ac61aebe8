"""Save and continue later: a report in progress kept server-side, reopened from an emailed link.

"Save and continue later" on a step keeps what the citizen typed there (unchecked), asks for an
email address and stores the draft (``SavedDraft``: answers, screening, the step, the key of
the staged files) for ``REPORT_RESUME_DAYS``. The email, in the citizen's language, carries a
link with a random token; only its SHA-256 is stored. The link opens on any device, on the
draft's own agency's site only: a button (so that a mail scanner opening the link uses
nothing) puts the draft into that browser's session and goes to the saved step; the link is
then used (the row is gone). A used, expired, changed or other agency's link gets the same page.
"""

import datetime
import hashlib
import logging
import secrets

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from website.audit import Action, record
from website.jobs import EMAIL_ERRORS
from website.models import AgencySettings

from . import abuse, funnel
from .drafts import Draft
from .models import Attachment, FunnelStep, SavedDraft
from .status import site_base_url

logger = logging.getLogger(__name__)
SAVE_BUTTON = "save_later"
# A token is 43 characters of URL-safe base64 (32 random bytes); anything much longer is no token.
MAX_TOKEN_LENGTH = 64


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def step_url(page, route, section=None):
    """The address of a step of ``page``: its route, with its section when it has one."""
    try:
        if section is not None:
            return page.url + page.reverse_subpage(route, kwargs={"number": section})
        return page.url + page.reverse_subpage(route)
    except NoReverseMatch:
        return page.url


def save_url(page):
    return page.url + page.reverse_subpage("save")


def start_saving(page, draft, route, section=None):
    """After "Save and continue later" on a step (what was typed already kept): to the email page."""
    draft.set_step(route, section)
    return redirect(save_url(page))


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your email address"),
        help_text=gettext_lazy("We send the link to finish your report to this address. It is used for nothing else."),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter your email address"),
            "invalid": gettext_lazy("Enter an email address like name@example.com"),
            "max_length": gettext_lazy("An email address has at most 254 characters"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


def _render(request, page, template, status=200, **context):
    ctx = page.get_context(request)
    ctx.update(context)
    return TemplateResponse(request, template, ctx, status=status)


def save(page, request):
    """The page that asks where to send the link, then saves the draft and sends it."""
    from .steps import _draft

    draft = _draft(request, page)
    if not draft.screened:
        return redirect(page.url)
    route, section = draft.step
    back = step_url(page, route, section)
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if refusal := abuse.rate_limited(request, page, action="saved", recipient=email):
            return refusal
        saved = save_and_send(request, page, draft, email)
        if saved is None:
            form.add_error(None, _("We could not send the email just now. Please try again in a few minutes."))
        else:
            if funnel.record(request, page, FunnelStep.SAVED):
                SavedDraft.objects.filter(pk=saved.pk).update(journey=funnel.journey_of(request, page))
            return _render(request, page, "forms_app/report_saved.html", saved=saved, back=back)
    return _render(
        request, page, "forms_app/report_save.html", form=form, back=back, resume_days=settings.REPORT_RESUME_DAYS
    )


def save_and_send(request, page, draft, email):
    """Store the draft under a new token (the link sent before stops working) and email the link;
    the saved draft, or None when the email could not be sent (then nothing changes: a link sent
    before still works). Sent at once, not by a job, so that the page says it went only if it did."""
    token = secrets.token_urlsafe(32)
    language = translation.get_language() or "en"
    route, section = draft.step
    site = Site.find_for_request(request)
    try:
        with transaction.atomic():
            saved, _created = SavedDraft.objects.update_or_create(
                upload_key=draft.upload_key,
                defaults={
                    "page": page,
                    "site": site,
                    "token_hash": hash_token(token),
                    "email": email,
                    "language": language,
                    "answers": draft.answers or {},
                    "screening": draft.screening,
                    "step_route": route,
                    "step_section": section,
                    "sections": draft.data.get("sections") or {},
                    "journey": funnel.journey_of(request, page),
                    "expires_at": timezone.now() + datetime.timedelta(days=settings.REPORT_RESUME_DAYS),
                },
            )
            link = site_base_url(site, request) + resume_path(token, language)
            resume_message(saved, link).send()
    except EMAIL_ERRORS:
        logger.warning("The link to finish a report later could not be emailed", exc_info=True)
        return None
    return saved


def resume_path(token, language):
    with translation.override(language):
        return reverse("report_resume", args=[token])


def resume_message(saved, link):
    with translation.override(saved.language):
        agency = AgencySettings.for_site(saved.site)
        context = {"agency": agency, "page": saved.page, "link": link, "expires_at": saved.expires_at}
        return EmailMessage(
            subject=_("Finish your report: %(form)s") % {"form": saved.page.title},
            body=render_to_string("forms_app/email/resume.txt", context),
            to=[saved.email],
        )


def _saved_for(request, token):
    """The saved draft ``token`` opens on this site, or None (used, expired, changed, another's)."""
    if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_LENGTH:
        return None
    site = Site.find_for_request(request)
    saved = SavedDraft.objects.select_related("page").filter(token_hash=hash_token(token)).first()
    if saved is None or site is None or saved.site_id != site.pk or saved.expires_at <= timezone.now():
        return None
    if not saved.page.live:  # the form was unpublished since: nothing to go back to
        return None
    return saved


@never_cache
def resume(request, token):
    """The emailed link: a page with one button; pressing it restores the draft in this browser."""
    saved = _saved_for(request, token)
    if saved is None:
        return TemplateResponse(request, "forms_app/resume_link_invalid.html", status=404)
    page = saved.page.specific
    page._serving_request = request  # its addresses as this site links them (relative)
    if request.method == "POST":
        with transaction.atomic():
            # Used once: a second press (or another browser) finds nothing.
            if not SavedDraft.objects.filter(pk=saved.pk, token_hash=saved.token_hash).delete()[0]:
                return TemplateResponse(request, "forms_app/resume_link_invalid.html", status=404)
            restore(request, page, saved)
        funnel.record(request, page, FunnelStep.RESUMED)
        return redirect(step_url(page, saved.step_route, saved.step_section))
    return TemplateResponse(request, "forms_app/resume.html", {"form_page": page, "saved": saved}, status=200)


def restore(request, page, saved):
    """Put ``saved`` into this browser's session as the draft of its form. Its staged files get
    a new ``STAGED_UPLOAD_HOURS`` to be sent in, as if uploaded now."""
    draft = Draft(request, page)
    draft.data = {
        "site": saved.site_id,
        "screened": True,
        "screening": saved.screening,
        "answers": saved.answers or None,
        "upload_key": saved.upload_key,
        "step": {"route": saved.step_route, "section": saved.step_section},
    }
    if saved.sections:
        draft.data["sections"] = saved.sections  # which sections were finished
    draft.save()
    if saved.journey:
        # The funnel goes on counting the journey where it was saved (each step once).
        funnel.set_journey(request, page, saved.journey)
    Attachment.objects.filter(draft_key=saved.upload_key, report__isnull=True).update(uploaded_at=timezone.now())


def purge_expired_saved_drafts(now=None):
    """Delete saved drafts past their time, with their staged files; one "purged" audit row per
    agency, with the count only. Returns how many drafts were removed."""
    expired = SavedDraft.objects.filter(expires_at__lte=now or timezone.now())
    per_site = {}
    for saved in expired.iterator():
        for attachment in Attachment.objects.filter(draft_key=saved.upload_key, report__isnull=True):
            attachment.file.delete(save=False)
            attachment.delete()
        saved.delete()
        per_site[saved.site_id] = per_site.get(saved.site_id, 0) + 1
    for site_id, removed in per_site.items():
        record(None, None, Action.PURGED, detail="saved drafts", outcome=str(removed), site_id=site_id)
    return sum(per_site.values())
