"""Background tasks of the site core (django-tasks, on the database queue the worker reads)."""

from django_tasks import task

OUTBOX_QUEUE = "outbox"


def book_delivery(run_after) -> None:
    """Wake the worker at `run_after`, unless a run is already booked by then: one wake-up per
    moment, however many deliveries asked for it."""
    backend = deliver_outbox.get_backend()
    if not backend.supports_defer:  # the immediate backend (tests): the caller runs deliveries itself
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    booked = DBTaskResult.objects.filter(
        task_path=deliver_outbox.module_path, status=TaskResultStatus.READY, run_after__lte=run_after
    )
    if not booked.exists():
        deliver_outbox.using(run_after=run_after).enqueue()


@task(queue_name=OUTBOX_QUEUE, backend="background")
def deliver_outbox() -> dict:
    """Send the e-mail that is due; the result says how many went, wait for a retry, or failed."""
    from portal.outbox import deliver_due

    report = deliver_due()
    return {"sent": report.sent, "retrying": report.retrying, "failed": report.failed}
