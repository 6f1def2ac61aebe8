"""Background jobs of the project as a whole."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone


@shared_task
def clear_expired_sessions():
    """Django's ``clearsessions``, daily: expired sessions (a draft report abandoned by a citizen,
    with their name and answers in it) are otherwise kept for ever. Returns how many went."""
    expired = Session.objects.filter(expire_date__lt=timezone.now()).count()
    call_command("clearsessions")
    return expired
