"""Recording every access to a report in the append-only ``AuditEvent`` table."""

from forms_app.abuse import client_address

from .models import AuditEvent


def record(request, report, action, *, detail="", outcome=""):
    user = getattr(request, "user", None)
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        report=report,
        action=action,
        detail=detail[:255],
        outcome=str(outcome)[:64],
        address=client_address(request) or None if request is not None else None,
    )
