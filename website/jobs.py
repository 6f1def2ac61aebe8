"""What every background job of the project shares."""

import logging
import smtplib

logger = logging.getLogger(__name__)

# Emails to citizens and staff: retried with backoff when the mail server fails, and safe to
# retry because each job checks what it already did.
EMAIL_TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OSError, smtplib.SMTPException),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 10,
}


def queue(task, *args):
    """Queue ``task`` after a commit. A broker or (eager) job failure is logged, never raised into
    the request that committed: what the job does is recovered by its retries or a sweep."""
    try:
        task.delay(*args)
    except Exception:
        logger.exception("Job %s%r could not be queued or run", task.name, args)
