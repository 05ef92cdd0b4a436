"""Background tasks of the site core (django-tasks, on the database queue the worker reads)."""

from django_tasks import task

OUTBOX_QUEUE = "outbox"


@task(queue_name=OUTBOX_QUEUE, backend="background")
def deliver_outbox() -> dict:
    """Send the e-mail that is due; the result says how many went, wait for a retry, or failed."""
    from portal.outbox import deliver_due

    report = deliver_due()
    return {"sent": report.sent, "retrying": report.retrying, "failed": report.failed}
