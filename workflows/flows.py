"""The review of an online report: review, ask the citizen, approve, hand to the RMS."""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow import utils as flow_utils

from forms_app.history import change_status
from forms_app.models import ReportStatus
from rms_export.outbox import NoDestination, create_deliveries

from .access import same_agency
from .deadlines import email_supervisors, set_deadline
from .models import ReportProcess
from .views import (
    ApprovalView,
    ClaimTaskView,
    CorrectExportView,
    ReassignTaskView,
    ReportTaskDetailView,
    ReviewView,
)

logger = logging.getLogger(__name__)


# Every action viewflow offers on a task (claim, release, carry out, cancel, undo, revive), by
# URL or in bulk from the inbox, asks the node's ``can_*``; viewflow's own answers only ask the
# role (``has_manage_permission`` for cancel, undo and revive). Each node of this flow adds the
# agency. (The task screens' URL guard in ``viewsets.py`` asks it too, before any of them.)
NODE_CHECKS = ("can_assign", "can_unassign", "can_execute", "can_cancel", "can_undo", "can_revive")


def agency_checked(node_class):
    """``node_class`` whose every ``can_*`` also asks that the user works for the report's agency."""

    def checked(name):
        inherited = getattr(node_class, name)

        def check(self, user, task):
            return inherited(self, user, task) and same_agency(user, task.process.artifact)

        check.__name__ = name
        return check

    attrs = {name: checked(name) for name in NODE_CHECKS if hasattr(node_class, name)}
    if getattr(node_class, "detail_view_class", None) is not None:
        # Every step's page, open or done, shows the whole report (and records the view).
        attrs["detail_view_class"] = ReportTaskDetailView
    return type(node_class)(node_class.__name__, (node_class,), {"__module__": __name__, **attrs})


StartHandle = agency_checked(flow.StartHandle)
Switch = agency_checked(flow.Switch)
If = agency_checked(flow.If)
Handle = agency_checked(flow.Handle)
Function = agency_checked(flow.Function)
End = agency_checked(flow.End)


class AgencyView(agency_checked(flow.View)):
    """A human task that only staff of the report's agency may claim or carry out. When two
    people claim it at once, the second is told who was first instead of getting a bare 403."""

    assign_view_class = ClaimTaskView

    def may_claim(self, user, task):
        """The role and the agency; whether the task is still free is the view's to say."""
        if not user.is_authenticated or not same_agency(user, task.process.artifact):
            return False
        return not task.owner_permission or user.has_perm(task.owner_permission)

    def may_reassign(self, user, task):
        return self.flow_class.instance.has_manage_permission(user) and same_agency(user, task.process.artifact)

    @property
    def reassign_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/reassign/",
            flow_utils.wrap_task_view(self, ReassignTaskView.as_view(), permission=self.may_reassign),
            name="reassign",
        )

    @property
    def assign_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/assign/",
            flow_utils.wrap_task_view(self, self.assign_view, permission=self.may_claim),
            name="assign",
        )


Decision = ReportProcess.Decision


class ReportFlow(flow.Flow):
    process_class = ReportProcess
    process_title = _("Online report")
    process_description = _("Review, approval and export of a report made online.")
    # In viewflow's lists and headings a process is its report: "DRPS-2026-000012 — Approved"
    # (``ReportProcess.__str__`` is the reference), not "Online report #3".
    process_summary_template = process_result_template = (
        "{{ process }} — {{ process.artifact.get_status_display|default:process.get_status_display }}"
    )
    lock_impl = lock.select_for_update_lock

    start = StartHandle(this.start_process).Next(this.review)

    review = (
        AgencyView(ReviewView.as_view())
        .Annotation(title=_("Review"))
        .onCreate(set_deadline)
        .Permission("workflows.review_report")
        .Next(this.route_review)
    )
    route_review = (
        Switch()
        .Case(this.approval, lambda activation: activation.process.review_decision == ReportProcess.Decision.APPROVE)
        .Case(
            this.awaiting_info,
            lambda activation: activation.process.review_decision == ReportProcess.Decision.REQUEST_INFO,
        )
        # Referred to another agency of the install: the same process goes on, with a new review
        # task, now the other agency's. A process is its report's (every agency check asks the
        # report's agency, the receivers find the report's waiting task through it, the lists
        # show one row per report), so moving the report moves its process, steps and deadlines
        # with it: the agency it left no longer sees any of it, the one it went to finds the new
        # task in its queue and the whole history on the process's page.
        .Case(this.review, lambda activation: activation.process.review_decision == ReportProcess.Decision.REFER)
        .Default(this.rejected)
    )

    awaiting_info = (
        Handle(this.information_received)
        .Annotation(title=_("Waiting for the citizen's answer"))
        .OnTimeout(this.info_deadline, this.close_unanswered, title=_("No answer in time"))
        .Next(this.review)
    )
    close_unanswered = Function(this.close_for_no_answer).Next(this.end)

    approval = (
        AgencyView(ApprovalView.as_view())
        .Annotation(title=_("Approval"))
        .onCreate(set_deadline)
        .Permission("workflows.approve_report")
        .Next(this.route_approval)
    )
    route_approval = If(lambda activation: activation.process.approved).Then(this.export).Else(this.review)

    export = Function(this.hand_to_rms).Next(this.awaiting_ack)
    awaiting_ack = Handle(this.acknowledged).Annotation(title=_("Waiting for the RMS")).Next(this.route_ack)
    route_ack = (
        If(lambda activation: activation.process.export_rejected)
        .Then(this.correct_export)
        .Else(this.notify_case_number)
    )
    correct_export = (
        AgencyView(CorrectExportView.as_view())
        .Annotation(title=_("Correct the report refused by the RMS"))
        .Permission("workflows.review_report")
        .onCreate(set_deadline)
        .Next(this.export)
    )
    notify_case_number = Function(this.tell_case_number).Next(this.end)

    rejected = Function(this.close_rejected).Next(this.end)
    end = End()

    def has_view_permission(self, user, obj=None):
        """Process pages too are for staff of the report's agency only."""
        allowed = super().has_view_permission(user, obj=obj)
        report = getattr(obj, "artifact", None)
        return allowed and (report is None or same_agency(user, report))

    def has_manage_permission(self, user, obj=None):
        """Cancelling a process, and the like: the role, and the report's agency when viewflow
        names the process (the nodes' ``can_*`` ask it for each task)."""
        allowed = super().has_manage_permission(user, obj=obj)
        report = getattr(obj, "artifact", None)
        return allowed and (report is None or same_agency(user, report))

    # Steps run by the engine ------------------------------------------------------------------

    def start_process(self, activation, report):
        activation.process.artifact = report
        activation.process.data = {}

    def info_deadline(self, activation):
        return datetime.timedelta(days=settings.REPORT_INFO_REQUEST_DAYS)

    def information_received(self, activation, note=None):
        report = activation.process.artifact
        change_status(report, ReportStatus.IN_REVIEW, note=_("The citizen answered."))

    def close_for_no_answer(self, activation):
        report = activation.process.artifact
        change_status(
            report,
            ReportStatus.CLOSED,
            public_message=_(
                "We asked you for more information and did not receive an answer in time, so your "
                "report was closed. You may make a new report."
            ),
            note=_("Closed: no answer to the request for information."),
        )

    def hand_to_rms(self, activation):
        """Create the report's deliveries (the outbox) in the approval's transaction; the flow
        then waits in ``awaiting_ack`` until ``rms_export`` signals ``delivery_acknowledged``."""
        report, process = activation.process.artifact, activation.process
        try:
            create_deliveries(report)
            process.export_requested, process.export_error = True, ""
        except NoDestination as error:
            # The approval stands. Staff see on the process why nothing was sent, the agency's
            # supervisors are emailed, and the report is sent when a destination is added
            # (``rms_export.outbox.deliver_waiting``).
            logger.error("%s", error)
            process.export_error = str(error)
            transaction.on_commit(partial(email_supervisors, report, str(error)))
        process.save(update_fields=["data"])

    def acknowledged(self, activation, case_number=None, rejection=None):
        process = activation.process
        process.export_error = ""
        if rejection:
            process.export_rejected = rejection
        else:
            process.export_rejected = ""
            report = process.artifact
            report.case_number = case_number
            report.save(update_fields=["case_number"])
        process.save(update_fields=["data"])

    def tell_case_number(self, activation):
        change_status(activation.process.artifact, ReportStatus.EXPORTED)

    def close_rejected(self, activation):
        """Nothing left to do: the rejection, its reason and the citizen's email were recorded
        by the reviewer's decision. The step names how the review ended, in the process's chart
        and history."""
