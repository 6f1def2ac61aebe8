"""Sign-ins in the audit trail: every success, failure, lockout and sign-out is one
``AuditEvent`` row, with the account, the address and the browser."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit


def _tried(username):
    """The username someone typed, trimmed to what the detail column holds."""
    return " ".join(str(username or "").split())[:200]


def _account(username):
    """The account a typed username names, if there is one (never whoever is signed in already)."""
    model = get_user_model()
    account = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first() if username else None
    return account or AnonymousUser()


@receiver(user_logged_in, dispatch_uid="website_audit_sign_in")
def audit_sign_in(sender, request, user, **kwargs):
    audit.record(request, None, audit.Action.SIGN_IN, user=user)


@receiver(user_logged_out, dispatch_uid="website_audit_sign_out")
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(request, None, audit.Action.SIGN_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="website_audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    username = _tried(credentials.get(get_user_model().USERNAME_FIELD))
    audit.record(
        request,
        None,
        audit.Action.SIGN_IN_FAILED,
        user=_account(username),
        detail=f"username tried: {username}",
    )


@receiver(user_locked_out, dispatch_uid="website_audit_locked_out")
def audit_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    username = _tried(username)
    audit.record(
        request,
        None,
        audit.Action.LOCKED_OUT,
        user=_account(username),
        detail=f"username tried: {username}",
    )
