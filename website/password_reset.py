"""Staff password reset on Wagtail's pages (``/admin/password_reset/``), which never says whether an
account has the address typed.

The request page's form (``WAGTAILADMIN_USER_PASSWORD_RESET_FORM``) looks nothing up: it records
one ``pw_reset_asked`` row (no account, the address typed, as a failed sign-in records the
username typed) and queues one job (``website.tasks.send_password_reset``), so the answer is the
same page in the same time for any address. The job finds the active accounts with that address
and emails each a link, in its own language; a mail server's failure is raised, and the job
retried. Setting the new password (``StaffPasswordResetConfirmView``, mounted in ``website.urls``
at Wagtail's own address and name) records ``pw_reset`` for the account.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.models import AnonymousUser
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.admin.views.account import PasswordResetConfirmView, PasswordResetView

from . import audit


def _tried(email):
    """The address someone typed, trimmed to what the detail column holds."""
    return " ".join(str(email or "").split())[:200]


def _language(code):
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class StaffPasswordResetForm(PasswordResetForm):
    """Wagtail's request form, whose ``save`` records the request and queues the job: no account
    is looked up while the visitor waits."""

    def save(self, request=None, **kwargs):
        from . import tasks
        from .jobs import queue

        email = self.cleaned_data["email"]
        # Never the account signed in, if any: the row says only what was typed, and from where.
        audit.record(
            request,
            None,
            audit.Action.PASSWORD_RESET_ASKED,
            user=AnonymousUser(),
            detail=f"email tried: {_tried(email)}",
        )
        queue(tasks.send_password_reset, email, _language(translation.get_language()))


class _ResetEmailForm(DjangoPasswordResetForm):
    """The job's form: Django's lookup and link (active accounts with a usable password), Wagtail's
    email, each in the account's language, and a mail server's failure raised (Django's own form
    logs it and carries on, and the job would never be retried)."""

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        profile = getattr(context["user"], "wagtail_userprofile", None)
        preferred = getattr(profile, "preferred_language", "")
        with translation.override(preferred if preferred in dict(settings.LANGUAGES) else self.language):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        message.send()


def send_reset_email(email, language):
    """Email a reset link to each active account with ``email`` (none: nothing is sent). The link is
    on ``WAGTAILADMIN_BASE_URL``: there is no request to take the host from."""
    form = _ResetEmailForm(data={"email": email}, language=_language(language))
    if not form.is_valid():
        return
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL or "")
    form.save(
        domain_override=base.netloc or "localhost",
        use_https=base.scheme == "https",
        subject_template_name=PasswordResetView.subject_template_name,
        email_template_name=PasswordResetView.email_template_name,
    )


class StaffPasswordResetConfirmView(PasswordResetConfirmView):
    """Wagtail's "set your new password" page (the password validators: 12 characters and more),
    recording ``pw_reset`` for the account once the new password is saved."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request, None, audit.Action.PASSWORD_RESET, user=form.user)
        return response
