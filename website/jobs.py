"""What every background job of the project shares."""

import logging
import smtplib

logger = logging.getLogger(__name__)

# What a mail server's failure raises.
EMAIL_ERRORS = (OSError, smtplib.SMTPException)

# Emails to citizens and staff: retried with backoff when the mail server fails, and safe to
# retry because each job checks what it already did.
EMAIL_TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": EMAIL_ERRORS,
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 10,
}

# Emails to citizens: acknowledged after the job ends, and put back in the queue when the worker
# process running it is lost (SIGTERM or SIGKILL mid-task, out of memory); without
# reject_on_worker_lost Celery acknowledges such a job as failed and the email is never sent.
# Each job sends at most once (it checks and sets its "sent" time under a row lock), and a sweep
# re-queues those never sent.
CITIZEN_EMAIL_TASK_OPTIONS = {**EMAIL_TASK_OPTIONS, "reject_on_worker_lost": True}


def sweep_window(now=None):
    """The times between which a sweep re-queues a citizen's email never sent: old enough that
    its own job is over (``CITIZEN_EMAIL_SWEEP_AFTER_MINUTES``), not so old it was given up on
    (``CITIZEN_EMAIL_SWEEP_HOURS``)."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    now = now or timezone.now()
    return (
        now - datetime.timedelta(hours=settings.CITIZEN_EMAIL_SWEEP_HOURS),
        now - datetime.timedelta(minutes=settings.CITIZEN_EMAIL_SWEEP_AFTER_MINUTES),
    )


def queue(task, *args):
    """Queue ``task`` after a commit. A broker or (eager) job failure is logged, never raised into
    the request that committed: what the job does is recovered by its retries or a sweep."""
    try:
        task.delay(*args)
    except Exception:
        logger.exception("Job %s%r could not be queued or run", task.name, args)
