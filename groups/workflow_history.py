"""An approval's history in the members' words, read from Wagtail's audit log: the same for every
record on the one engine (agendas, minutes, action-plan progress updates)."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry
from wagtail.models import Task as WorkflowTask

from groups.workflows import CommentPeriodTask
from portal import page_cache


@dataclass(frozen=True)
class HistoryStep:
    timestamp: datetime.datetime
    user: object
    message: str
    comment: str


def _step_message(entry, comment_period_ids: set[int]) -> str | None:
    """Wagtail's audit-log entry said in the members' words (None: not worth a line)."""
    workflow = entry.data.get("workflow") or {}
    in_comment_period = (workflow.get("task") or {}).get("id") in comment_period_ids
    comment_period_next = (workflow.get("next") or {}).get("id") in comment_period_ids
    if entry.action == "wagtail.edit":
        return _("New version saved")
    if entry.action == "wagtail.workflow.start":
        return _("Sent to the members for comments") if comment_period_next else _("Submitted to the chair")
    if entry.action == "wagtail.workflow.resume":
        return _("Submitted to the chair again")
    if entry.action == "wagtail.workflow.approve":
        if in_comment_period:
            if entry.comment:
                return _("Comment period closed early by the chair")
            return _("Comments closed; submitted to the chair")
        return _("Approved by the chair")
    if entry.action == "wagtail.workflow.reject":
        return _("Returned by the chair for changes")
    if entry.action == "wagtail.workflow.cancel":
        return _("Taken back from the chair after a change")
    if entry.action == "wagtail.publish":
        return None  # the approval just above says it
    return entry.message


def _comment_period_ids() -> set[int]:
    """The engine's comment-period tasks: the same on every page, kept until a task is saved
    (`groups.receivers`)."""
    comment_periods = WorkflowTask.objects.filter(content_type=ContentType.objects.get_for_model(CommentPeriodTask))
    return set(comment_periods.values_list("pk", flat=True))


def approval_history(record, limit: int = 30) -> list[HistoryStep]:
    """The steps of a record's approval, newest first, from Wagtail's audit log: edits,
    circulation, submissions, returns with the chair's comment, approvals, a comment period closed early."""
    comment_period_ids = page_cache.remember(("comment-period-tasks",), _comment_period_ids)
    entries = ModelLogEntry.objects.for_instance(record).select_related("user").order_by("-timestamp", "-pk")
    steps = []
    for entry in entries[:limit]:
        message = _step_message(entry, comment_period_ids)
        if message:
            steps.append(HistoryStep(entry.timestamp, entry.user, message, entry.comment))
    return steps
