"""A delivery's state in plain words for staff ("The RMS did not answer (connection refused) -
next try at 21:05"), from its status and the error its transport recorded.

``Delivery.last_error`` keeps the transport's own text for whoever supports the RMS link; staff
read this sentence first. The transports' texts are ours (``rms_export.transports``) or the
exceptions of ``requests`` and the file system they wrap, so a few patterns name the cause.
"""

import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import DeliveryStatus

HTTP_STATUS = re.compile(r"^HTTP (\d{3})")
# What ``requests`` and the socket layer say, and the words for it.
CAUSES = (
    (re.compile(r"connection refused|errno 111", re.I), "refused"),
    (re.compile(r"name or service not known|nodename nor servname|NameResolutionError|getaddrinfo", re.I), "dns"),
    (re.compile(r"timed? ?out|timeout", re.I), "timeout"),
    (re.compile(r"SSLError|certificate", re.I), "tls"),
    (re.compile(r"ConnectionError|Connection aborted|Connection reset|RemoteDisconnected", re.I), "connection"),
)


def clock(moment):
    """21:05 in English, 21 h 05 in French; the date too when it is not today."""
    moment = timezone.localtime(moment)
    time = moment.strftime("%H h %M") if get_language().startswith("fr") else moment.strftime("%H:%M")
    if moment.date() == timezone.localdate():
        return time
    return _("%(date)s at %(time)s") % {"date": date_format(moment, "j F"), "time": time}


def cause(error):
    """What went wrong, in words."""
    if not error:
        return ""
    if error.startswith("Not sent: destination"):
        return _("Not sent: the destination belongs to another agency than the report")
    if error.startswith("cannot write"):
        return _("The report could not be written to the RMS folder")
    status = HTTP_STATUS.match(error)
    if status:
        code = int(status.group(1))
        if "without a JSON answer" in error:
            return _("The RMS answered (HTTP %(code)s) without the receipt it should send") % {"code": code}
        if code >= 500 or code in (408, 429):
            return _("The RMS had a problem and did not take the report (HTTP %(code)s)") % {"code": code}
        return _("The RMS refused the report (HTTP %(code)s)") % {"code": code}
    for pattern, name in CAUSES:
        if pattern.search(error):
            return {
                "refused": _("The RMS did not answer (connection refused)"),
                "dns": _("The RMS's address was not found"),
                "timeout": _("The RMS did not answer in time"),
                "tls": _("The RMS's secure connection could not be checked (certificate)"),
                "connection": _("The connection to the RMS was lost"),
            }[name]
    return _("The delivery failed")


def explain(delivery):
    """One sentence: what happened to ``delivery`` and what comes next."""
    status = delivery.status
    if status == DeliveryStatus.DELIVERED:
        if delivery.case_number:
            return _("Delivered: the RMS gave case number %(case)s") % {"case": delivery.case_number}
        return _("Delivered")
    what = cause(delivery.last_error)
    if delivery.last_error.startswith("Not sent: destination"):
        return what  # no try will help: the report's agency must have a destination of its own
    if status == DeliveryStatus.SENDING:
        return _("Being sent now")
    if status == DeliveryStatus.PENDING:
        if not what:
            return _("Waiting to be sent")
        return _("%(cause)s - next try at %(time)s") % {"cause": what, "time": clock(delivery.next_attempt_at)}
    if status == DeliveryStatus.REJECTED:
        return _("%(cause)s - correct the report or the destination, then send it again") % {
            "cause": what or _("The RMS refused the report")
        }
    return _("%(cause)s - no more tries: send it again once the RMS is back") % {
        "cause": what or _("The delivery failed")
    }
