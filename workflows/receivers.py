"""What the workflow does when the other apps signal: a report was sent, the citizen answered,
the RMS acknowledged an export."""

import logging

from django.dispatch import receiver
from viewflow.workflow.status import STATUS

from forms_app.signals import information_supplied, report_submitted, status_changed, survey_answered
from rms_export.signals import delivery_acknowledged, delivery_failed, delivery_rejected

logger = logging.getLogger(__name__)


def _waiting_task(report, node):
    from .flows import ReportFlow

    return (
        ReportFlow.task_class.objects.filter(
            process__artifact_object_id=report.pk,
            process__flow_class=ReportFlow,
            flow_task=node,
            status=STATUS.NEW,
        )
        .order_by("-pk")
        .first()
    )


@receiver(report_submitted, dispatch_uid="workflows.start_review")
def start_review(sender, report, **kwargs):
    """In the submission's transaction: if the process cannot start, the report is not saved."""
    from .flows import ReportFlow

    ReportFlow.start.run(report=report)


@receiver(information_supplied, dispatch_uid="workflows.resume_review")
def resume_review(sender, report, note, **kwargs):
    from .flows import ReportFlow

    task = _waiting_task(report, ReportFlow.awaiting_info)
    if task is not None:
        ReportFlow.awaiting_info.run(task, note=note)


@receiver(delivery_acknowledged, dispatch_uid="workflows.finish_export")
def finish_export(sender, report, case_number, **kwargs):
    from .flows import ReportFlow

    task = _waiting_task(report, ReportFlow.awaiting_ack)
    if task is not None:
        ReportFlow.awaiting_ack.run(task, case_number=case_number)
    elif report.case_number != case_number:
        # The RMS has the record whatever the flow says (a process cancelled by an administrator,
        # say): keep its case number rather than refuse the acknowledgement, which would only
        # make the outbox send it again and again.
        logger.warning("Report %s acknowledged by the RMS outside its workflow", report.reference)
        report.case_number = case_number
        report.save(update_fields=["case_number"])


@receiver(delivery_rejected, dispatch_uid="workflows.export_refused")
def export_refused(sender, report, error, **kwargs):
    """The RMS refused the record: a reviewer corrects the report and sends it again."""
    from .flows import ReportFlow

    task = _waiting_task(report, ReportFlow.awaiting_ack)
    if task is not None:
        ReportFlow.awaiting_ack.run(task, rejection=error)


@receiver(delivery_failed, dispatch_uid="workflows.tell_supervisors_of_failure")
def tell_supervisors_of_failure(sender, report, error, **kwargs):
    """Staff are told when an export gives up, after the commit."""
    from functools import partial

    from django.db import transaction

    from .deadlines import email_supervisors

    transaction.on_commit(partial(email_supervisors, report, error))


@receiver(status_changed, dispatch_uid="workflows.email_the_citizen")
def email_the_citizen(sender, change, **kwargs):
    """After the commit: the changes the citizen must hear about are emailed to them."""
    from .emails import EMAILED
    from .tasks import queue_status_email

    if change.status in EMAILED:
        queue_status_email(change.pk)


@receiver(status_changed, dispatch_uid="workflows.schedule_survey")
def schedule_the_survey(sender, change, **kwargs):
    """After the commit: a report that has just closed gets its satisfaction survey, sent later."""
    from .survey import CLOSING, schedule_survey

    if change.status in CLOSING:
        schedule_survey(change)


@receiver(survey_answered, dispatch_uid="workflows.call_back")
def call_back_if_unhappy(sender, survey, **kwargs):
    """A low score with a comment: the agency's supervisors get a task to call the citizen back."""
    from .callback import CallbackFlow

    if survey.wants_call_back:
        CallbackFlow.start.run(survey=survey)
