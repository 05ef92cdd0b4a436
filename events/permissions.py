"""Every "may this user do X to this meeting" question. Rights come from `groups.permissions`.

Confidential content (case discussions) is for the core: chair, manager, members and substitutes.
Permanent guests read what members read, except confidential items, and never write.
"""

from django.utils import timezone

from events import rules
from events.models import (
    AgendaItem,
    AgendaState,
    Confidentiality,
    MeetingInvitation,
    MeetingPage,
    Minutes,
    MinutesState,
    Task,
)
from groups import permissions as groups_permissions
from groups import workflows


def _body(meeting: MeetingPage):
    return meeting.body


def can_view_meeting(user, meeting: MeetingPage) -> bool:
    return meeting.is_visible_to(user)


def can_view_internal(user, meeting: MeetingPage) -> bool:
    """The members' view of the meeting: every non-confidential item, drafts in circulation, RSVPs."""
    return groups_permissions.can_view_internal(user, _body(meeting))


def can_read_confidential(user, body) -> bool:
    """Case discussions: the core of the body and administrators, never permanent guests."""
    return groups_permissions.is_administrator(user) or groups_permissions.can_participate(user, body)


def can_view_confidential(user, meeting: MeetingPage) -> bool:
    return can_read_confidential(user, _body(meeting))


def confidentiality_levels(*, internal: bool, confidential: bool) -> frozenset[str]:
    """The confidentiality levels of items read by someone with or without those two rights."""
    levels = {Confidentiality.PUBLIC}
    if internal:
        levels.add(Confidentiality.MEMBERS)
    if confidential:
        levels.add(Confidentiality.CONFIDENTIAL)
    return frozenset(levels)


def visible_confidentiality(user, meeting: MeetingPage) -> set[str]:
    """The confidentiality levels of items this user may read."""
    return set(
        confidentiality_levels(
            internal=can_view_internal(user, meeting), confidential=can_view_confidential(user, meeting)
        )
    )


# What the readers of a meeting's members' area may see, one set per kind of reader: permanent guests,
# and the core (whoever may read confidential items may read the members' area too). Each gets its own
# invitation pack.
MEMBERS_AREA_LEVELS = (
    confidentiality_levels(internal=True, confidential=False),
    confidentiality_levels(internal=True, confidential=True),
)


def can_view_item(user, item: AgendaItem) -> bool:
    return AgendaItem.objects.visible_to(user).filter(pk=item.pk).exists()


def can_participate_in(user, meeting: MeetingPage) -> bool:
    return groups_permissions.can_participate(user, _body(meeting))


def can_manage_meeting(user, meeting: MeetingPage) -> bool:
    return groups_permissions.can_manage(user, _body(meeting))


def can_change_meeting(user, meeting: MeetingPage) -> bool:
    """Move the meeting (date, time, place, visibility): its manager, until it starts."""
    return can_manage_meeting(user, meeting) and rules.allows(rules.MEETING, "change", meeting, agenda_state(meeting))


def can_cancel_meeting(user, meeting: MeetingPage) -> bool:
    return can_manage_meeting(user, meeting) and rules.allows(rules.MEETING, "cancel", meeting, agenda_state(meeting))


def can_remind_invitees(user, meeting: MeetingPage) -> bool:
    return can_manage_meeting(user, meeting) and rules.allows(rules.MEETING, "remind", meeting, agenda_state(meeting))


def agenda_state(meeting: MeetingPage) -> str:
    agenda = getattr(meeting, "agenda", None)
    return agenda.state if agenda is not None else AgendaState.DRAFT


def minutes_state(meeting: MeetingPage) -> str:
    minutes = getattr(meeting, "minutes", None)
    return minutes.state if minutes is not None else MinutesState.DRAFT


def can_edit_agenda(user, meeting: MeetingPage) -> bool:
    """The manager drafts the agenda until the meeting starts; it is frozen from then on."""
    return can_manage_meeting(user, meeting) and rules.allows(rules.AGENDA, "edit", meeting, agenda_state(meeting))


def can_submit_agenda(user, meeting: MeetingPage) -> bool:
    return can_manage_meeting(user, meeting) and rules.allows(rules.AGENDA, "submit", meeting, agenda_state(meeting))


def can_propose_item(user, meeting: MeetingPage) -> bool:
    return (
        groups_permissions.can_participate(user, _body(meeting))
        and not meeting.cancelled
        and timezone.now() < meeting.effective_proposal_cutoff
    )


def can_approve_for(user, meeting: MeetingPage) -> bool:
    """The chair who approves the meeting's agenda and minutes (whether or not anything waits now)."""
    return groups_permissions.can_approve(user, _body(meeting))


def can_approve_agenda(user, meeting: MeetingPage) -> bool:
    """The approving chair, while the agenda waits for them, until the meeting starts."""
    agenda = getattr(meeting, "agenda", None)
    return (
        agenda is not None
        and rules.allows(rules.AGENDA, "approve", meeting, agenda.state)
        and workflows.may_approve(user, agenda)
    )


def can_respond(user, invitation: MeetingInvitation) -> bool:
    meeting = invitation.meeting
    return invitation.person_id == user.pk and not meeting.cancelled and not meeting.has_ended


def can_edit_minutes(user, meeting: MeetingPage) -> bool:
    """From the meeting's start; not while the chair has them. Approved minutes can be edited into a new draft."""
    return can_manage_meeting(user, meeting) and rules.allows(rules.MINUTES, "edit", meeting, minutes_state(meeting))


def _minutes_allow(minutes: Minutes, step: str) -> bool:
    return rules.allows(rules.MINUTES, step, minutes.meeting, minutes.state)


def can_circulate_minutes(user, minutes: Minutes) -> bool:
    """A draft goes to the members for comments (also a correction of approved minutes); a draft the
    chair returned goes back to the chair instead."""
    return (
        can_manage_meeting(user, minutes.meeting)
        and _minutes_allow(minutes, "circulate")
        and not minutes.return_comment
    )


def can_submit_minutes(user, minutes: Minutes) -> bool:
    """To the chair: once the comment period is over, or again after the chair returned them."""
    if not (can_manage_meeting(user, minutes.meeting) and _minutes_allow(minutes, "submit")):
        return False
    if minutes.state == MinutesState.CIRCULATING:
        return not minutes.comments_open
    return bool(minutes.return_comment)


def can_close_comments_early(user, minutes: Minutes) -> bool:
    return _minutes_allow(minutes, "close_comments") and minutes.comments_open and workflows.may_approve(user, minutes)


def can_read_minutes_draft(user, minutes: Minutes) -> bool:
    """Members read the working copy once it is circulated; before that it is the manager's draft."""
    if can_manage_meeting(user, minutes.meeting) or groups_permissions.can_approve(user, _body(minutes.meeting)):
        return True
    return minutes.state != MinutesState.DRAFT and can_view_internal(user, minutes.meeting)


def can_comment_minutes(user, minutes: Minutes) -> bool:
    return groups_permissions.can_participate(user, _body(minutes.meeting)) and minutes.comments_open


def can_approve_minutes(user, minutes: Minutes) -> bool:
    return _minutes_allow(minutes, "approve") and workflows.may_approve(user, minutes)


def can_change_task(user, task: Task) -> bool:
    return (user.is_authenticated and task.owner_id == user.pk) or groups_permissions.can_manage(user, task.body)
