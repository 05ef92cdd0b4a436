"""What people hear about workflow steps: through the outbox, in Czech, once.

Wagtail mails reviewers and submitters itself (`wagtail.admin.signal_handlers`), straight to the mail
server and in English. Our receivers take those very slots: a signal keeps one receiver per
`dispatch_uid` and sender, and `portal` is installed before `wagtail.admin`, so Wagtail's own
`connect` calls find them taken and do nothing. No second set of mails, and nothing lost when the
mail server is down.

A model whose steps mean more than a notice (an approved agenda invites the members) registers its
own handlers with `register`; for the rest (knowledge-base pages in Wagtail's moderation) the
reviewers and the submitter get a short notice, as the admin's notification preferences ask.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy
from wagtail.models import GroupApprovalTask, Page, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from portal import outbox


@dataclass(frozen=True)
class Handlers:
    task_started: Callable | None = None  # (obj, task_state, user)
    returned: Callable | None = None  # (obj, workflow_state, user, comment)
    approved: Callable | None = None  # (obj, workflow_state, user)


_handlers: dict[type, Handlers] = {}


def register(model: type, **handlers: Callable) -> None:
    _handlers[model] = Handlers(**handlers)


def _content(workflow_state: WorkflowState):
    obj = workflow_state.content_object
    return obj.specific if isinstance(obj, Page) else obj


def _handlers_of(obj) -> Handlers | None:
    return next((found for model, found in _handlers.items() if isinstance(obj, model)), None)


def _admin_path(obj) -> str:
    from wagtail.admin.admin_url_finder import AdminURLFinder

    try:
        return AdminURLFinder().get_edit_url(obj) or ""
    except NoReverseMatch:
        return ""


def _notice(people, obj, *, kind: str, subject, text, values: dict) -> None:
    """`subject` and `text` (lazy) are put into words in the outbox's language, Czech, not in the
    language of the request: the editor who submits or approves may use the admin in English."""
    outbox.send_to_people(
        people,
        lambda person: outbox.Message(
            kind=kind,
            subject=str(subject) % values,
            template="portal/email/workflow_notice.txt",
            context={"text": str(text) % values, "title": str(obj)},
            path=_admin_path(obj),
        ),
    )


def _wants(person, preference: str) -> bool:
    return person.is_active and bool(person.email) and getattr(UserProfile.get_for_user(person), preference)


def _task_submitted(sender, instance: TaskState, user=None, **kwargs) -> None:
    obj = _content(instance.workflow_state)
    handlers = _handlers_of(obj)
    if handlers:
        if handlers.task_started:
            handlers.task_started(obj, instance, user)
        return
    task = instance.task.specific
    if isinstance(task, GroupApprovalTask):
        reviewers = {person for group in task.groups.all() for person in group.user_set.all()}
        reviewers = [p for p in reviewers if p != user and _wants(p, "submitted_notifications")]
        _notice(
            reviewers,
            obj,
            kind="workflow.submitted",
            subject=gettext_lazy("For your review: %(title)s"),
            text=gettext_lazy("“%(title)s” waits for your review (%(task)s)."),
            values={"title": obj, "task": task.name},
        )


def _workflow_finished(state: WorkflowState, user, *, approved: bool) -> None:
    obj = _content(state)
    handlers = _handlers_of(obj)
    comment = state.current_task_state.get_comment() if state.current_task_state else ""
    if handlers:
        if approved and handlers.approved:
            handlers.approved(obj, state, user)
        elif not approved and handlers.returned:
            handlers.returned(obj, state, user, comment)
        return
    requester = state.requested_by
    preference = "approved_notifications" if approved else "rejected_notifications"
    if requester is None or requester == user or not _wants(requester, preference):
        return
    if approved:
        subject, text = gettext_lazy("Approved: %(title)s"), gettext_lazy("“%(title)s” was approved.")
    else:
        subject = gettext_lazy("Changes requested: %(title)s")
        text = gettext_lazy("“%(title)s” needs changes: %(comment)s")
    _notice(
        [requester],
        obj,
        kind="workflow.approved" if approved else "workflow.returned",
        subject=subject,
        text=text,
        values={"title": obj, "comment": comment or "—"},
    )


def _workflow_approved(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    _workflow_finished(instance, user, approved=True)


def _workflow_rejected(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    _workflow_finished(instance, user, approved=False)


# Wagtail's own mailers' slots: (dispatch_uid, sender), as in `wagtail.admin.signal_handlers`.
_WAGTAIL_MAILERS = (
    (task_submitted, "group_approval_task_submitted_email_notification", TaskState),
    (workflow_submitted, "workflow_state_submitted_email_notification", WorkflowState),
    (workflow_rejected, "workflow_state_rejected_email_notification", WorkflowState),
    (workflow_approved, "workflow_state_approved_email_notification", WorkflowState),
)


def _slot_taken(sender, **kwargs) -> None:
    """Holds the place of a Wagtail mailer; our receivers below say what needs saying."""


def connect() -> None:
    """Runs before `wagtail.admin` is ready (`portal` comes first in INSTALLED_APPS)."""
    for signal, uid, sender in _WAGTAIL_MAILERS:
        signal.connect(_slot_taken, sender=sender, dispatch_uid=uid)
    task_submitted.connect(_task_submitted, dispatch_uid="portal-workflow-task-submitted")
    workflow_approved.connect(_workflow_approved, dispatch_uid="portal-workflow-approved")
    workflow_rejected.connect(_workflow_rejected, dispatch_uid="portal-workflow-rejected")
