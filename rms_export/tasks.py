from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver(delivery_id):
    """Given only the delivery's id; safe to run twice. Retries come from the sweep, so a lost
    broker message or a killed worker never loses an export; a job whose worker process is lost
    is also put back in the queue at once, rather than waiting for the sweep's timeout."""
    from .outbox import send

    send(delivery_id)


@shared_task
def sweep_deliveries():
    from .outbox import sweep

    return sweep()
