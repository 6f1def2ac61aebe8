"""Background jobs of the project as a whole."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from .jobs import EMAIL_TASK_OPTIONS


@shared_task
def clear_expired_sessions():
    """Django's ``clearsessions``, daily: expired sessions (a draft report abandoned by a citizen,
    with their name and answers in it) are otherwise kept for ever. Returns how many went."""
    expired = Session.objects.filter(expire_date__lt=timezone.now()).count()
    call_command("clearsessions")
    return expired


@shared_task(**EMAIL_TASK_OPTIONS)
def send_password_reset(email, language):
    """Look up the accounts with ``email`` and email each a password reset link (none: nothing is
    sent), away from the request that asked, so its answer says nothing about the address. Retried
    when the mail server fails; a retry may send a second link, which is harmless."""
    from .password_reset import send_reset_email

    send_reset_email(email, language)


@shared_task(acks_late=True)
def import_addresses(import_id):
    """Run one address register import (``AddressImport``) staff started; safe to run again (an
    import that is no longer waiting is left as it is)."""
    from .address_import import run_job
    from .models import AddressImport

    job = AddressImport.objects.select_related("site__agencysettings").filter(pk=import_id).first()
    if job is not None:
        run_job(job)
