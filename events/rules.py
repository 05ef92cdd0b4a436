"""What each state of a meeting's agenda and minutes allows: one table. The services refuse a step the
table does not allow (whoever calls them, from whatever screen), `events.permissions` offers only the
steps it allows, and the templates show what the permissions say: no state is compared anywhere else.

Who may take a step is a question for `permissions`; whether the workflow offers it to that person
(the chair's approval, the comment period's deadline) is one for `groups.workflows`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AgendaState, MeetingPage, MinutesState

BEFORE_START, FROM_START = "before_start", "from_start"

CANCELLED = _("The meeting was cancelled.")
STARTED = _("The meeting has started; its agenda can no longer change.")
NOT_YET = _("The minutes are written from the start of the meeting.")


@dataclass(frozen=True)
class Step:
    states: frozenset[str]  # the states in which the step may be taken
    when: str  # BEFORE_START or FROM_START the meeting's start
    refusal: str  # why not, in any other state


AGENDA = {
    "edit": Step(frozenset(AgendaState.values), BEFORE_START, STARTED),
    "submit": Step(frozenset({AgendaState.DRAFT}), BEFORE_START, _("The agenda is not a draft.")),
    "approve": Step(frozenset({AgendaState.SUBMITTED}), BEFORE_START, _("Only a submitted agenda can be approved.")),
    "return": Step(frozenset({AgendaState.SUBMITTED}), BEFORE_START, _("Only a submitted agenda can be returned.")),
}

# The meeting itself: the manager moves or cancels it until it starts (whatever its agenda's state).
MEETING = {
    "change": Step(
        frozenset(AgendaState.values), BEFORE_START, _("The meeting has started; it can no longer be moved.")
    ),
    "cancel": Step(
        frozenset(AgendaState.values), BEFORE_START, _("The meeting has started; it can no longer be cancelled.")
    ),
    "remind": Step(
        frozenset({AgendaState.APPROVED}), BEFORE_START, _("Members are reminded once they have been invited.")
    ),
}

MINUTES = {
    "edit": Step(
        frozenset({MinutesState.DRAFT, MinutesState.CIRCULATING, MinutesState.APPROVED}),
        FROM_START,
        _("The chair has the minutes now; return them first."),
    ),
    "circulate": Step(frozenset({MinutesState.DRAFT}), FROM_START, _("Only a draft can be circulated.")),
    # From circulation once the deadline has passed, or a draft the chair returned (`groups.workflows`).
    "submit": Step(
        frozenset({MinutesState.CIRCULATING, MinutesState.DRAFT}),
        FROM_START,
        _("Minutes go to the chair after they have been circulated to the members."),
    ),
    "close_comments": Step(
        frozenset({MinutesState.CIRCULATING}), FROM_START, _("Comments on these minutes are closed.")
    ),
    "approve": Step(frozenset({MinutesState.SUBMITTED}), FROM_START, _("Only submitted minutes can be approved.")),
    "return": Step(frozenset({MinutesState.SUBMITTED}), FROM_START, _("Only submitted minutes can be returned.")),
}


def refusal(table: dict[str, Step], step: str, meeting: MeetingPage, state: str):
    """Why the step may not be taken now (None: it may)."""
    rule = table[step]
    if meeting.cancelled:
        return CANCELLED
    started = meeting.start <= timezone.now()
    if rule.when == BEFORE_START and started:
        return STARTED
    if rule.when == FROM_START and not started:
        return NOT_YET
    return None if state in rule.states else rule.refusal


def allows(table: dict[str, Step], step: str, meeting: MeetingPage, state: str) -> bool:
    return refusal(table, step, meeting, state) is None


def require(table: dict[str, Step], step: str, meeting: MeetingPage, state: str) -> None:
    reason = refusal(table, step, meeting, state)
    if reason is not None:
        raise ValidationError(reason)
