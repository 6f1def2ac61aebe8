"""Recording what staff saw and did in the append-only ``AuditEvent`` table: one function for
every app, so every view writes the same row."""

from .client import client_address
from .models import AuditEvent

Action = AuditEvent.Action


SIGN_IN_ACTIONS = (
    Action.SIGN_IN,
    Action.SIGN_IN_FAILED,
    Action.LOCKED_OUT,
    Action.SIGN_OUT,
    Action.PASSWORD_RESET_ASKED,
    Action.PASSWORD_RESET,
    Action.MFA_ENROLLED,
    Action.MFA_VERIFIED,
    Action.MFA_RECOVERY,
    Action.MFA_FAILED,
    Action.MFA_RESET,
    Action.MFA_NEW_CODES,
)


def record(request, target, action, *, detail="", outcome="", site_id=None, user=None):
    """Append one event about ``target`` (any model instance, or None for an action on many
    records, such as an export). Its agency is ``site_id``, else the target's ``site_id``. Its
    user is ``user``, else the request's."""
    from django.contrib.contenttypes.models import ContentType

    if user is None:
        user = getattr(request, "user", None)
    if site_id is None and target is not None:
        site_id = getattr(target, "site_id", None)
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        site_id=site_id,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        action=action,
        detail=str(detail)[:255],
        outcome=str(outcome)[:64],
        address=(client_address(request) or None) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else "",
    )
