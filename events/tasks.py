"""Background tasks of the meetings app (django-tasks, on the database queue the worker reads)."""

from django_tasks import task


@task(queue_name="default", backend="background")
def build_invitation_packs(meeting_id: int, sequence: int) -> dict:
    """Build the invitation packs of the agenda the chair approved; the result names the packs built
    (none when the agenda changed or was approved again since: that approval books its own build)."""
    from events.services import invitation_packs_build

    return {"built": invitation_packs_build(meeting_id=meeting_id, sequence=sequence)}
