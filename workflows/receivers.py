"""What the workflow does when the other apps signal: a report was sent, the citizen answered,
the RMS acknowledged an export."""

from django.dispatch import receiver
from viewflow.workflow.status import STATUS

from forms_app.signals import information_supplied, report_submitted
from rms_export.signals import delivery_acknowledged, delivery_rejected


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
    if task is None:
        if report.case_number == case_number:
            return  # the same acknowledgement again (a resent delivery): already recorded
        raise LookupError(f"Report {report.reference} is not waiting for an RMS acknowledgement")
    ReportFlow.awaiting_ack.run(task, case_number=case_number)


@receiver(delivery_rejected, dispatch_uid="workflows.export_refused")
def export_refused(sender, report, error, **kwargs):
    """The RMS refused the record: a reviewer corrects the report and sends it again."""
    from .flows import ReportFlow

    task = _waiting_task(report, ReportFlow.awaiting_ack)
    if task is not None:
        ReportFlow.awaiting_ack.run(task, rejection=error)
