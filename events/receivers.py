"""Signal receivers of the events app: cache invalidation (public meeting pages show these), and what
follows when an editor publishes a meeting: the login restriction of its visibility, and the message
to invitees when it is cancelled."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from events.models import Agenda, AgendaItem, Decision, MeetingPage, Minutes
from portal import workflow_mail
from portal.page_cache import invalidate_now_and_after_commit


def _meeting_published(sender, instance, **kwargs) -> None:
    from events.services import meeting_cancellation_sync, meeting_restriction_sync

    meeting_restriction_sync(meeting=instance)
    meeting_cancellation_sync(meeting=instance)


def _workflow_steps() -> None:
    """What follows a step of the agenda's and the minutes' approval, whichever screen took it
    (the members' area or the admin)."""
    from events import services

    workflow_mail.register(
        Agenda,
        task_started=services.agenda_on_submitted,
        returned=services.agenda_on_returned,
        approved=services.agenda_on_approved,
    )
    workflow_mail.register(
        Minutes,
        task_started=services.minutes_on_task_started,
        returned=services.minutes_on_returned,
        approved=services.minutes_on_approved,
    )


def connect() -> None:
    _workflow_steps()
    page_published.connect(_meeting_published, sender=MeetingPage, dispatch_uid="events-meeting-restriction")
    for model in (Agenda, AgendaItem, Minutes, Decision):
        uid = f"public-pages-{model.__name__}"
        post_save.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=uid)
        post_delete.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=uid + "-delete")
