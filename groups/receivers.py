"""Signal receivers of the groups app: only cache invalidation. Body pages show the register; the
approval queue (`workflows._everything_in_progress`) and the comment-period tasks
(`workflow_history`) are kept until a step of the engine, a task saved or a change to the register
(who chairs) retires them."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Task, TaskState, WorkflowState

from groups.models import Membership, Organisation
from groups.workflows import ChairApprovalTask, CommentPeriodTask, CommentPeriodTaskState
from portal.page_cache import invalidate_now_and_after_commit


def connect() -> None:
    for model in (Membership, Organisation):
        post_save.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=f"public-pages-{model.__name__}")
    post_delete.connect(
        invalidate_now_and_after_commit, sender=Membership, dispatch_uid="public-pages-Membership-delete"
    )
    # A task's or a task state's save names its own class (ours are subclasses of Wagtail's).
    for model in (WorkflowState, TaskState, CommentPeriodTaskState, Task, ChairApprovalTask, CommentPeriodTask):
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_now_and_after_commit, sender=model, dispatch_uid=f"engine-{model.__name__}-{signal!r}"
            )
