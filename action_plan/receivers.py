"""Signal receivers of the action plan: what follows a step of a progress update's approval, whichever
screen took it; public tracker pages are cached, so a change to what they show clears the cache."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from action_plan.models import Goal, Indicator, Measure, MeasureLink, PlanRevision, ProgressUpdate
from portal import workflow_mail
from portal.page_cache import invalidate_now_and_after_commit


def connect() -> None:
    from action_plan import services

    workflow_mail.register(
        ProgressUpdate,
        task_started=services.update_on_submitted,
        returned=services.update_on_returned,
        approved=services.update_on_approved,
    )
    workflow_mail.register(
        PlanRevision,
        task_started=services.revision_on_submitted,
        returned=services.revision_on_returned,
        approved=services.revision_on_approved,
    )
    for model in (Goal, Measure, Indicator, ProgressUpdate, MeasureLink):
        uid = f"public-pages-{model.__name__}"
        post_save.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=uid)
        post_delete.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(_partners_changed, sender=Measure.partners.through, dispatch_uid="public-pages-partners")


def _partners_changed(action: str, **kwargs) -> None:
    """The partners share a measure's responsibility (the tracker, the members' ownership matrix)."""
    if action.startswith("post_"):
        invalidate_now_and_after_commit()
