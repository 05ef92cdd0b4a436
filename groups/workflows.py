"""The one approval engine: Wagtail workflows, with the two task types of our own, in one place.

Everything a body's chair approves (agendas, minutes, action-plan progress updates) is a model with
`WorkflowMixin`, `DraftStateMixin`, `RevisionMixin` and `LockableMixin` that names its body
(`approval_body`). What was approved is its live version; later edits are drafts until approved again.

- `ChairApprovalTask`: the approver comes from the membership register (`permissions.approver_ids`:
  the body's chair, or the chair of the working group above a body without one); nobody approves what
  they submitted themselves; returning needs a comment.
- `CommentPeriodTask`: circulation to the body's members until a deadline. After the deadline the
  manager moves on; before it, only the chair may close it, and only with a recorded reason.

The members' area calls `submit`, `act` and `withdraw`; the Wagtail admin calls the same task methods
(`get_actions`, `on_action`), so a rule holds whichever screen is used. What follows a step (the mail,
the invitations) belongs to the app that owns the model: it registers it with `portal.workflow_mail`.
"""

import datetime
from collections import defaultdict

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    Task,
    TaskState,
    WorkflowMixin,
    WorkflowState,
)

from groups import permissions
from portal import page_cache
from portal.revisions import UnhandledReference, without_dangling_references

NO_APPROVER = _(
    "Nobody can approve this yet: %(body)s has no chair, and there is no working group above it with one. "
    "Ask an administrator to record the chair in the membership register."
)
SELF_APPROVAL = _("Nobody approves what they submitted themselves.")
COMMENT_NEEDED = _("Say what should change; the manager will read it.")
REASON_NEEDED = _("Give the reason for closing the comment period early; it is recorded.")

APPROVE, RETURN, CLOSE_EARLY = "approve", "reject", "close_early"


class Approvable(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """What a chair approves. Subclasses name their body (`approval_body`). The row is the live
    (approved) version; the workflow state is read once per object (a page asks it several times)."""

    # Deleting the record deletes its revisions and workflow states (pages have these built in).
    _revisions = GenericRelation("wagtailcore.Revision")
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def approval_body(self):
        raise NotImplementedError

    @classmethod
    def read_approval_bodies(cls, objects: list) -> None:
        """Read the approving bodies of many objects at once (the approval queue), so that
        `approval_body` asks nothing more of the database; a model whose way to its body takes
        queries says how."""

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        """A revision read back (the working copy, the version circulated): its references, and those
        of its child records (attendance, entries, decisions, tasks), checked in one query per
        referenced model instead of one per reference (portal/revisions.py)."""
        if check_fks:
            try:
                checked = without_dangling_references(cls, data, strict=strict_fks)
            except UnhandledReference:
                return super().from_serializable_data(data, check_fks, strict_fks)  # modelcluster refuses it
            if checked is None:
                return None
            return super().from_serializable_data(checked, False, strict_fks)
        return super().from_serializable_data(data, check_fks, strict_fks)

    def get_members_area_url(self) -> str:
        """Where in the members' area it is read and decided on (the chair's queue links there)."""
        raise NotImplementedError

    @cached_property
    def current_workflow_state(self):
        return WorkflowMixin.current_workflow_state.fget(self)

    @property
    def workflow_in_progress(self) -> bool:
        state = self.current_workflow_state
        return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS

    # Read once per object; forgotten when a step is taken through this module or the row is reloaded.
    WORKFLOW_CACHES = ("current_workflow_state",)

    def forget_workflow_state(self) -> None:
        for name in self.WORKFLOW_CACHES:
            self.__dict__.pop(name, None)

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.forget_workflow_state()

    @property
    def return_comment(self) -> str:
        """The chair's comment while it waits for the manager's changes."""
        state = self.current_workflow_state
        if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES and state.current_task_state:
            return state.current_task_state.comment
        return ""

    @property
    def submitted_by_id(self):
        state = self.current_workflow_state
        return state.requested_by_id if state else None

    def approvals(self):
        """The last step of each finished workflow, newest first: the chair's approvals, each with the
        revision approved."""
        return (
            TaskState.objects.filter(
                workflow_state__in=self.workflow_states.filter(status=WorkflowState.STATUS_APPROVED),
                status=TaskState.STATUS_APPROVED,
            )
            .select_related("finished_by", "revision")
            .order_by("-finished_at", "-pk")
        )


class RequiredCommentForm(TaskStateCommentForm):
    """The admin's form for returning and for closing comments early: the comment is the point."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea({"rows": 3}))


def may_approve(user, obj, requested_by_id=None) -> bool:
    """The approving body's chair, unless they submitted it."""
    if requested_by_id is None:
        requested_by_id = obj.submitted_by_id
    return permissions.can_approve(user, obj.approval_body) and user.pk != requested_by_id


def _states_in_progress(tasks) -> list[TaskState]:
    """The states in progress of these tasks, oldest first, each specific (a comment period's deadline)
    with its task, workflow state, object and the object's approving body: a few queries per kind of
    object, however long the queue (`Approvable.read_approval_bodies`)."""
    states = list(
        TaskState.objects.filter(task__in=tasks, status=TaskState.STATUS_IN_PROGRESS)
        .select_related("task", "workflow_state", for_specific_subqueries=True)
        .prefetch_related("workflow_state__content_object", for_specific_subqueries=True)
        .order_by("started_at", "pk")
        .specific()
    )
    by_model = defaultdict(list)
    for state in states:
        obj = state.workflow_state.content_object
        if obj is not None:  # its object deleted: nothing left to decide
            by_model[type(obj)].append(obj)
            if state.workflow_state.current_task_state_id == state.pk:  # the object's state, as read
                state.workflow_state.current_task_state = state
                obj.__dict__["current_workflow_state"] = state.workflow_state
    for model, objects in by_model.items():
        model.read_approval_bodies(objects)
    permissions.read_approvers(
        {id(obj.approval_body): obj.approval_body for objs in by_model.values() for obj in objs}.values()
    )
    return [state for state in states if state.workflow_state.content_object is not None]


def _in_progress_states_where(task: Task, waits_for) -> models.QuerySet:
    """This task's states in progress that `waits_for(obj, task_state)` the user to act on."""
    states = _states_in_progress([task])
    return TaskState.objects.filter(
        pk__in=[state.pk for state in states if waits_for(state.workflow_state.content_object, state)]
    )


class ChairApprovalTask(Task):
    """The chair of the approving body approves, or returns with a comment."""

    class Meta:
        verbose_name = _("Chair's approval")
        verbose_name_plural = _("Chair's approvals")

    @classmethod
    def get_description(cls):
        return _("The chair of the body (or of the working group above it) approves or returns with a comment.")

    def get_actions(self, obj, user):
        if not may_approve(user, obj):
            return []
        return [(RETURN, _("Return with a comment"), True), (APPROVE, _("Approve"), False)]

    def get_form_for_action(self, action):
        return RequiredCommentForm if action == RETURN else super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if not may_approve(user, obj, task_state.workflow_state.requested_by_id):
            raise PermissionDenied(SELF_APPROVAL if permissions.can_approve(user, obj.approval_body) else "")
        comment = (kwargs.get("comment") or "").strip()
        if action_name == RETURN and not comment:
            raise ValidationError({"comment": COMMENT_NEEDED})
        if action_name == APPROVE:
            task_state.approve(user=user, comment=comment)
        elif action_name == RETURN:
            task_state.reject(user=user, comment=comment)
        else:
            raise PermissionDenied

    def user_can_access_editor(self, obj, user):
        return may_approve(user, obj)

    def locked_for_user(self, obj, user):
        """While the chair reviews, nobody else edits it in the admin (the members' area withdraws it first)."""
        return not may_approve(user, obj)

    def waits_for(self, user, obj, task_state) -> bool:
        return may_approve(user, obj, task_state.workflow_state.requested_by_id)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return _in_progress_states_where(self, lambda obj, state: self.waits_for(user, obj, state))


class CommentPeriodTask(Task):
    """Circulation to the members for comments until a deadline the manager sets (`comment_deadline` of
    the object when the period starts; a week if it has none)."""

    DEFAULT_DAYS = 7

    class Meta:
        verbose_name = _("Comment period")
        verbose_name_plural = _("Comment periods")

    @classmethod
    def get_task_state_class(cls):
        return CommentPeriodTaskState

    @classmethod
    def get_description(cls):
        return _("The members comment until a deadline; then the manager submits it to the chair.")

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        deadline = getattr(obj, "comment_deadline", None)
        if deadline is None or deadline <= timezone.now():
            deadline = timezone.now() + datetime.timedelta(days=self.DEFAULT_DAYS)
        task_state = CommentPeriodTaskState(
            workflow_state=workflow_state,
            status=TaskState.STATUS_IN_PROGRESS,
            revision=obj.get_latest_revision(),
            task=self,
            deadline=deadline,
        )
        task_state.save()
        from wagtail.signals import task_submitted

        task_submitted.send(sender=CommentPeriodTaskState, instance=task_state, user=user)
        return task_state

    def get_actions(self, obj, user):
        state = obj.current_workflow_task_state
        if state is None:
            return []
        return self._actions(obj.approval_body, state.deadline, user)

    @staticmethod
    def _actions(body, deadline: datetime.datetime, user) -> list:
        if deadline <= timezone.now():
            if permissions.can_manage(user, body):
                return [(APPROVE, _("Close comments and submit to the chair"), False)]
            return []
        if permissions.can_approve(user, body):
            return [(CLOSE_EARLY, _("Close the comment period early"), True)]
        return []

    def get_form_for_action(self, action):
        return RequiredCommentForm if action == CLOSE_EARLY else super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if action_name not in [action for action, _label, _form in self.get_actions(obj, user)]:
            raise PermissionDenied
        reason = (kwargs.get("comment") or "").strip()
        if action_name == CLOSE_EARLY:
            if not reason:
                raise ValidationError({"comment": REASON_NEEDED})
            task_state.closed_early_reason = reason
            task_state.save(update_fields=["closed_early_reason"])
        task_state.approve(user=user, comment=reason)

    def waits_for(self, user, obj, task_state) -> bool:
        """Waiting for someone only once the deadline has passed: the manager, to move on. (The chair
        may close it early, but nothing waits for them to do so.)"""
        actions = self._actions(obj.approval_body, task_state.deadline, user)
        return any(action == APPROVE for action, _label, _form in actions)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return _in_progress_states_where(self, lambda obj, state: self.waits_for(user, obj, state))


class CommentPeriodTaskState(TaskState):
    deadline = models.DateTimeField(_("comments until"))
    closed_early_reason = models.TextField(_("reason for closing early"), blank=True)
    reminder_sent = models.BooleanField(default=False)  # the day-before reminder to the members

    class Meta:
        verbose_name = _("comment period")
        verbose_name_plural = _("comment periods")

    @property
    def is_open(self) -> bool:
        return self.status == TaskState.STATUS_IN_PROGRESS and timezone.now() < self.deadline

    def get_comment(self):
        return self.closed_early_reason or self.comment


# --- What the members' area calls ---------------------------------------------------------------


@transaction.atomic
def submit(obj, user, workflow) -> WorkflowState:
    """Send the object's latest revision into its workflow; after a return, resume at the task that
    returned it (a returned agenda or minutes go back to the chair, not through comments again)."""
    if not permissions.approver_ids(obj.approval_body):
        raise ValidationError(NO_APPROVER % {"body": obj.approval_body.title})
    state = obj.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
    elif state is not None:
        raise ValidationError(_("It is already waiting for approval."))
    else:
        state = workflow.start(obj, user)
    obj.forget_workflow_state()
    return state


@transaction.atomic
def act(obj, user, action: str, comment: str = ""):
    """Take one of the actions the current task offers this user (approve, return, close early)."""
    task_state = obj.current_workflow_task_state
    if task_state is None:
        raise ValidationError(_("Nothing is waiting for a decision."))
    task = task_state.task.specific
    if action not in [name for name, _label, _form in task.get_actions(obj, user)]:
        raise PermissionDenied
    task.on_action(task_state, user, action, comment=comment)
    obj.forget_workflow_state()
    return task_state


@transaction.atomic
def withdraw(obj, user) -> None:
    """The object changed under review: its workflow is cancelled and it becomes a draft again."""
    state = obj.current_workflow_state
    if state is not None:
        state.cancel(user=user)
        obj.forget_workflow_state()


def awaiting(user) -> list[TaskState]:
    """The one queue of what waits for this person, whatever it is: read from the workflow states."""
    if not (permissions.has_leading_role(user) or permissions.is_administrator(user)):
        return []  # only chairs approve and only managers (or administrators) move a comment period on
    return [
        state
        for state in _everything_in_progress()
        # Neither kind of task has fields of its own: its specific form costs no query.
        if state.task.specific_deferred.waits_for(user, state.workflow_state.content_object, state)
    ]


def in_progress(model) -> list:
    """The objects of `model` with a step in progress (what is circulated or with a chair), oldest
    first, each with its approving body and its current step: from the kept queue (one round trip to
    the cache, no query)."""
    return [
        state.workflow_state.content_object
        for state in _everything_in_progress()
        if isinstance(state.workflow_state.content_object, model)
    ]


def _everything_in_progress() -> list[TaskState]:
    """Every step in progress, with its object and approvers: the same for everyone, so kept in the
    page cache until a step (`groups.receivers`), an edit of what waits (the receivers of the apps that
    own it) or a change to the register retires it, and read again each day (who chairs follows the
    terms' dates). Who it waits for is decided afresh each time, against the clock (a comment deadline
    passing). The cache is the server's own; what it holds (an agenda's items too) never leaves it
    except through the pages that check who may see it."""

    def read() -> list[TaskState]:
        kinds = [ContentType.objects.get_for_model(model) for model in (ChairApprovalTask, CommentPeriodTask)]
        tasks = Task.objects.filter(active=True, content_type__in=kinds)  # read with the states, not apart
        return _states_in_progress(tasks)

    return page_cache.remember(("approval-queue", timezone.localdate().isoformat()), read)
