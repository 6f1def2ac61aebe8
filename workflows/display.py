"""What happened to a report, in words staff read: "Sam Supervisor approved it", not
``<report.approval/29> - DONE``."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.audit import Action

# A decision's audit outcome (the English key, the same in every language) -> what the screen
# tells the decider, and the sentence of the audit row.
DECISIONS = {
    "sent for approval": (gettext_lazy("sent for approval"), gettext_lazy("%(name)s sent it for approval")),
    "more information requested": (
        gettext_lazy("more information requested"),
        gettext_lazy("%(name)s asked the citizen for more information"),
    ),
    "rejected": (gettext_lazy("rejected"), gettext_lazy("%(name)s rejected it")),
    "approved": (gettext_lazy("approved"), gettext_lazy("%(name)s approved it")),
    "sent back to review": (gettext_lazy("sent back to review"), gettext_lazy("%(name)s sent it back to review")),
    "sent to the RMS again": (gettext_lazy("sent to the RMS again"), gettext_lazy("%(name)s sent it to the RMS again")),
    "called back": (gettext_lazy("citizen called back"), gettext_lazy("%(name)s called the citizen back")),
    "could not reach": (
        gettext_lazy("citizen not reached"),
        gettext_lazy("%(name)s tried to call the citizen back, without reaching them"),
    ),
}

SENTENCES = {
    Action.VIEW: gettext_lazy("%(name)s opened the report"),
    Action.DOWNLOAD: gettext_lazy("%(name)s downloaded %(detail)s"),
    Action.CLAIM: gettext_lazy("%(name)s claimed the task"),
    Action.RELEASE: gettext_lazy("%(name)s released the task"),
    Action.REASSIGN: gettext_lazy("%(name)s gave the task to %(outcome)s"),
    Action.CANCEL: gettext_lazy("%(name)s cancelled it"),
    Action.UNDO: gettext_lazy("%(name)s undid a step"),
    Action.REVIVE: gettext_lazy("%(name)s revived a step"),
    Action.RESEND: gettext_lazy("%(name)s asked for it to be sent to the RMS again"),
    Action.CHANGE: gettext_lazy("%(name)s changed it"),
    Action.EXPORT: gettext_lazy("%(name)s exported it"),
    Action.DENIED: gettext_lazy("%(name)s was refused access"),
    Action.SURVEY_ANSWERED: gettext_lazy("The citizen answered the satisfaction survey (%(detail)s)"),
}

REFERRALS = {
    "sent": gettext_lazy("%(name)s referred it to another police service (%(detail)s)"),
    "received": gettext_lazy("%(name)s referred it here from another police service (%(detail)s)"),
}

# How viewflow names a task (``str(task)``), as the audit's detail has it.
TASK_DETAIL = re.compile(r"^<\w+\.(?P<node>[\w ]+)/\d+> - \w+$")


def person(user):
    if user is None:
        return _("The system")
    return user.get_full_name() or user.get_username()


def step_title(detail):
    """The title of the flow step a recorded ``str(task)`` names ("Review"), else ""."""
    from .flows import ReportFlow

    match = TASK_DETAIL.match(detail or "")
    if not match:
        return ""
    # viewflow writes the node's name title-cased ("Awaiting Info" for awaiting_info)
    node = ReportFlow.instance.node(match["node"].lower().replace(" ", "_"), no_obsolete=True)
    return str(node.task_title) if node is not None and node.task_title else ""


def event_in_words(event):
    """One audit row as a sentence: who did what to the report."""
    name = person(event.user)
    if event.action == Action.DECIDE and event.outcome in DECISIONS:
        return DECISIONS[event.outcome][1] % {"name": name}
    if event.action == Action.REFERRED:
        # One row for the agency the report left ("sent") and one for the one it went to.
        sentence = REFERRALS.get(event.outcome, REFERRALS["sent"])
        return sentence % {"name": name, "detail": event.detail}
    if event.action == Action.CLAIM and event.outcome == "taken":
        return _("%(name)s tried to claim the task, already claimed by someone else") % {"name": name}
    sentence = SENTENCES.get(event.action)
    if sentence is None:
        return f"{name}: {event.get_action_display()}"
    return sentence % {"name": name, "detail": event.detail, "outcome": event.outcome}
