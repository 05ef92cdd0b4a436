"""Every write about meetings: agenda items and their approval, invitations and answers, minutes and
their circulation and approval, decisions, tasks. Callers have checked `events.permissions`; these
functions check the state rules themselves (`events.rules`), so a stale form cannot skip a step.

The approvals run on the one engine, `groups.workflows` (Wagtail's workflows): the steps here call
it, and what follows a step, whichever screen took it (the members' area or the admin), is in the
`*_on_*` functions that `events.receivers` registers with `portal.workflow_mail`."""

import datetime
import difflib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import PageViewRestriction

from events import documents, permissions, rules, selectors
from events.calendar import calendar_bytes
from events.models import (
    DECISION_PREFIX,
    MEETING_KIND_FOR_BODY,
    Agenda,
    AgendaDocument,
    AgendaItem,
    Confidentiality,
    Decision,
    DecisionCounter,
    InvitationPack,
    ItemStatus,
    MeetingInvitation,
    MeetingKind,
    MeetingPage,
    Minutes,
    MinutesComment,
    MinutesState,
    Response,
    Task,
    TaskStatus,
    Visibility,
    entry_is_confidential,
)
from events.storage import private_storage
from groups import permissions as groups_permissions
from groups import workflows
from groups.models import Membership, Role, hash_token
from groups.workflows import SELF_APPROVAL, CommentPeriodTaskState
from portal import outbox
from portal.hooks import public_text_changed
from portal.links import czech_path, site_url
from portal.models import User
from portal.services import notification_create

NO_WORKFLOW = gettext_lazy("No approval workflow is set up for this; ask an administrator.")


def meeting_path(meeting: MeetingPage) -> str:
    return czech_path("events:meeting", meeting_id=meeting.pk)


def minutes_path(meeting: MeetingPage) -> str:
    return czech_path("events:minutes", meeting_id=meeting.pk)


def _approvers(meeting: MeetingPage) -> list[User]:
    """Who approves the meeting's agenda and minutes (`groups.permissions.approver_ids`)."""
    return list(User.objects.filter(pk__in=groups_permissions.approver_ids(meeting.body), is_active=True))


def _tell(
    people: list[User],
    meeting: MeetingPage,
    *,
    kind: str,
    subject: str,
    template: str,
    path: str,
    attachments=(),
    **context,
):
    """One message about a meeting to each person: in-app now, e-mail after commit."""
    return outbox.send_to_people(
        people,
        lambda person: outbox.Message(
            kind=kind,
            subject=subject,
            template=template,
            context={"meeting": meeting, **context},
            path=path,
            attachments=list(attachments),
        ),
        about=meeting,
    )


def _invited(meeting: MeetingPage) -> list[User]:
    return [invitation.person for invitation in meeting.invitations.select_related("person")]


def _calendar_entry(meeting: MeetingPage, filename: str, method: str) -> outbox.Attachment:
    return outbox.Attachment(filename, calendar_bytes([meeting], meeting.title, method=method), "text/calendar")


def meeting_restriction_sync(*, meeting: MeetingPage) -> None:
    """A members-only meeting gets Wagtail's login restriction, so `.public()` (search, sitemap,
    listings) leaves it out; `MeetingPage.serve` then admits only the body's members."""
    restrictions = PageViewRestriction.objects.filter(page=meeting)
    if meeting.visibility == Visibility.MEMBERS:
        if not restrictions.exists():
            PageViewRestriction.objects.create(page=meeting, restriction_type=PageViewRestriction.LOGIN)
    else:
        restrictions.filter(restriction_type=PageViewRestriction.LOGIN).delete()


def meeting_cancellation_sync(*, meeting: MeetingPage) -> int:
    """When an editor publishes the meeting as cancelled, the invitees hear it once, with an .ics that
    removes it from their calendars. Un-cancelling re-arms the message."""
    agenda = agenda_for(meeting)
    if not meeting.cancelled:
        if agenda.cancellation_sent_at:
            agenda.cancellation_sent_at = None
            agenda.save(update_fields=["cancellation_sent_at"])
        return 0
    if agenda.cancellation_sent_at:
        return 0
    agenda.cancellation_sent_at = timezone.now()
    agenda.sequence += 1
    agenda.save(update_fields=["cancellation_sent_at", "sequence"])
    if agenda.stands_approved:
        _invitation_packs_schedule(agenda)  # the packs go with the sequence, which just moved on
    meeting.agenda = agenda
    return _tell(
        _invited(meeting),
        meeting,
        kind="events.meeting_cancelled",
        subject=_("Meeting cancelled: %(meeting)s") % {"meeting": meeting.title},
        template="events/email/cancelled.txt",
        path=meeting_path(meeting),
        attachments=[_calendar_entry(meeting, "zruseno.ics", "CANCEL")],
    )


# --- Planning, moving and cancelling a meeting ----------------------------------------------------
# The manager does it in the members' area; the meeting's page is made behind the scenes, at an
# address without diacritics. Publishing it runs what an editor's publishing runs (events.receivers):
# the login restriction of its visibility and, when cancelled, the message to the invitees.


def meeting_default_title(body, start: datetime.datetime) -> str:
    kind = MeetingKind(MEETING_KIND_FOR_BODY[body.kind]).label
    return f"{kind} {date_format(timezone.localtime(start), 'j. n. Y')}"


def _free_slug(body, title: str) -> str:
    base = slugify(title)[:70].strip("-") or "jednani"
    taken = set(body.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def meeting_plan(*, body, user: User, values: dict) -> MeetingPage:
    values = dict(values)
    title = values.pop("title", "") or meeting_default_title(body, values["start"])
    meeting = MeetingPage(title=title, slug=_free_slug(body, title), **values)
    body.add_child(instance=meeting)  # validates (MeetingPage.clean); nothing is stored if it refuses
    meeting.save_revision(user=user).publish(user=user)
    return meeting


MOVED_FIELDS = ("start", "end", "place", "online_url")


@transaction.atomic
def meeting_change(*, meeting: MeetingPage, user: User, values: dict) -> MeetingPage:
    """Move the meeting; those already invited are told, with an .ics that updates their calendars."""
    rules.require(rules.MEETING, "change", meeting, permissions.agenda_state(meeting))
    before = {name: getattr(meeting, name) for name in MOVED_FIELDS}
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.title = meeting.title or meeting_default_title(meeting.body, meeting.start)
    meeting.save_revision(user=user).publish(user=user)  # validates before anything is stored
    if any(getattr(meeting, name) != value for name, value in before.items()):
        _tell_the_invitees_it_moved(meeting)
    return meeting


def _tell_the_invitees_it_moved(meeting: MeetingPage) -> int:
    if not meeting.invitations.exists():
        return 0
    agenda = Agenda.objects.select_for_update().get(pk=agenda_for(meeting).pk)
    agenda.sequence += 1  # calendars replace the old entry; the packs are rebuilt with the new date
    agenda.save(update_fields=["sequence"])
    if agenda.stands_approved:
        _invitation_packs_schedule(agenda)
    meeting.agenda = agenda
    return _tell(
        _invited(meeting),
        meeting,
        kind="events.meeting_moved",
        subject=_("Meeting moved: %(meeting)s") % {"meeting": meeting.title},
        template="events/email/moved.txt",
        path=meeting_path(meeting),
        attachments=[_calendar_entry(meeting, "zmena.ics", "REQUEST")],
    )


@transaction.atomic
def meeting_cancel(*, meeting: MeetingPage, user: User) -> MeetingPage:
    rules.require(rules.MEETING, "cancel", meeting, permissions.agenda_state(meeting))
    meeting.cancelled = True
    meeting.save_revision(user=user).publish(user=user)  # the invitees hear it (meeting_cancellation_sync)
    return meeting


REMINDER_INTERVAL = datetime.timedelta(hours=20)  # one reminder a day at most, whoever presses the button


@transaction.atomic
def invitation_remind(*, meeting: MeetingPage, user: User) -> int:
    """Remind those invited who have not answered (not those reminded in the last day); returns how many."""
    rules.require(rules.MEETING, "remind", meeting, permissions.agenda_state(meeting))
    pending = list(
        meeting.invitations.select_for_update()
        .filter(response=Response.PENDING)
        .exclude(reminded_at__gt=timezone.now() - REMINDER_INTERVAL)
        .select_related("person")
    )
    MeetingInvitation.objects.filter(pk__in=[i.pk for i in pending]).update(reminded_at=timezone.now())
    _tell(
        [invitation.person for invitation in pending],
        meeting,
        kind="events.rsvp_reminder",
        subject=_("Will you attend? %(meeting)s") % {"meeting": meeting.title},
        template="events/email/rsvp_reminder.txt",
        path=meeting_path(meeting),
    )
    return len(pending)


# --- Agenda ------------------------------------------------------------------------------------


def agenda_for(meeting: MeetingPage) -> Agenda:
    """The meeting's agenda; a new one is a draft that the chair has not yet seen."""
    agenda, _created = Agenda.objects.get_or_create(
        meeting=meeting, defaults={"live": False, "has_unpublished_changes": True}
    )
    return agenda


def _check_presenter(meeting: MeetingPage, presenter: User | None) -> None:
    if presenter is not None and not Membership.objects.active().filter(body=meeting.body, person=presenter).exists():
        raise ValidationError({"presenter": _("The presenter must be a member of %(body)s.") % {"body": meeting.body}})


def _agenda_changed(meeting: MeetingPage, user: User) -> None:
    """A change takes the agenda back from the chair, and an approved one needs approving again;
    invitees hear what changed on re-approval."""
    agenda = agenda_for(meeting)
    workflows.withdraw(agenda, user)
    if not agenda.has_unpublished_changes:
        agenda.has_unpublished_changes = True
        agenda.save(update_fields=["has_unpublished_changes"])


def _attach(item: AgendaItem, files, user: User) -> None:
    for upload in files:
        document = AgendaDocument(item=item, title=upload.name.rsplit(".", 1)[0][:255], file=upload, uploaded_by=user)
        document.full_clean()
        document.save()


@transaction.atomic
def agenda_item_save(*, meeting: MeetingPage, user: User, values: dict, files=(), item: AgendaItem | None = None):
    """The manager adds or edits an item; it goes straight onto the agenda."""
    rules.require(rules.AGENDA, "edit", meeting, agenda_for(meeting).state)
    _check_presenter(meeting, values.get("presenter"))
    if item is None:
        last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
        item = AgendaItem(meeting=meeting, position=last + 1, status=ItemStatus.ACCEPTED)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    _attach(item, files, user)
    _agenda_changed(meeting, user)
    return item


@transaction.atomic
def agenda_item_propose(*, meeting: MeetingPage, user: User, values: dict, files=()) -> AgendaItem:
    """A member proposes an item until the cut-off; the manager decides."""
    if meeting.cancelled:
        raise ValidationError(rules.CANCELLED)
    if timezone.now() >= meeting.effective_proposal_cutoff:
        raise ValidationError(
            _("Proposals for this meeting closed on %(date)s.") % {"date": _format(meeting.effective_proposal_cutoff)}
        )
    _check_presenter(meeting, values.get("presenter"))
    item = AgendaItem(meeting=meeting, status=ItemStatus.PROPOSED, proposed_by=user, position=0, **values)
    item.full_clean()
    item.save()
    _attach(item, files, user)
    return item


@transaction.atomic
def agenda_item_decide(*, item: AgendaItem, user: User, accept: bool, reason: str = "") -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    rules.require(rules.AGENDA, "edit", item.meeting, agenda_for(item.meeting).state)
    if item.status != ItemStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    if accept:
        last = item.meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
        item.status, item.position, item.decline_reason = ItemStatus.ACCEPTED, last + 1, reason
        _agenda_changed(item.meeting, user)
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the proposal is declined; the member will read it.")})
        item.status, item.decline_reason = ItemStatus.DECLINED, reason.strip()
    item.save(update_fields=["status", "position", "decline_reason"])
    if item.proposed_by and item.proposed_by != user:
        title = (
            _("Your proposal “%(title)s” was accepted") if accept else _("Your proposal “%(title)s” was declined")
        ) % {"title": item.title}
        notification_create(
            recipient=item.proposed_by, kind="events.proposal", title=title, url=meeting_path(item.meeting)
        )
    return item


@transaction.atomic
def agenda_item_withdraw(*, item: AgendaItem, user: User) -> None:
    """Take an item off the agenda (kept, marked declined, so the record shows it was there)."""
    rules.require(rules.AGENDA, "edit", item.meeting, agenda_for(item.meeting).state)
    item.status, item.decline_reason = ItemStatus.DECLINED, _("Withdrawn by the manager.")
    item.save(update_fields=["status", "decline_reason"])
    _agenda_changed(item.meeting, user)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, user: User, up: bool) -> None:
    rules.require(rules.AGENDA, "edit", item.meeting, agenda_for(item.meeting).state)
    items = list(item.meeting.agenda_items.filter(status=ItemStatus.ACCEPTED).select_for_update())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if 0 <= swap < len(items):
        items[index], items[swap] = items[swap], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
        _agenda_changed(item.meeting, user)


def _format(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@transaction.atomic
def agenda_submit(*, meeting: MeetingPage, user: User) -> Agenda:
    """The manager sends the accepted items to the chair: a revision of the agenda enters its workflow."""
    agenda = Agenda.objects.select_for_update().get(pk=agenda_for(meeting).pk)
    rules.require(rules.AGENDA, "submit", meeting, agenda.state)
    if not meeting.agenda_items.filter(status=ItemStatus.ACCEPTED).exists():
        raise ValidationError(_("An agenda needs at least one item."))
    workflow = agenda.get_workflow()
    if workflow is None:
        raise ValidationError(NO_WORKFLOW)
    agenda.items = agenda_snapshot(meeting)
    agenda.save_revision(user=user)
    workflows.submit(agenda, user, workflow)
    return agenda


@transaction.atomic
def agenda_return(*, meeting: MeetingPage, user: User, comment: str) -> Agenda:
    agenda = Agenda.objects.select_for_update().get(pk=agenda_for(meeting).pk)
    rules.require(rules.AGENDA, "return", meeting, agenda.state)
    workflows.act(agenda, user, workflows.RETURN, comment)
    return agenda


def agenda_snapshot(meeting: MeetingPage) -> list[dict]:
    items = meeting.agenda_items.filter(status=ItemStatus.ACCEPTED).prefetch_related("documents")
    return [item.snapshot() for item in items]


def agenda_changes(before: list[dict], after: list[dict]) -> list[str]:
    """Plain sentences for invitees: items added, removed, changed, moved."""
    old, new = {i["id"]: i for i in before}, {i["id"]: i for i in after}
    changes = [_("New item: %(title)s") % {"title": i["title"]} for i in after if i["id"] not in old]
    changes += [_("Removed item: %(title)s") % {"title": i["title"]} for i in before if i["id"] not in new]
    for item in after:
        previous = old.get(item["id"])
        if previous and previous != item:
            changes.append(_("Changed item: %(title)s") % {"title": item["title"]})
    if not changes and [i["id"] for i in before] != [i["id"] for i in after]:
        changes.append(_("The order of the items changed."))
    return changes


@transaction.atomic
def agenda_approve(*, meeting: MeetingPage, user: User) -> Agenda:
    """The chair approves in the members' area; `agenda_on_approved` follows, as after the admin's approval."""
    agenda = Agenda.objects.select_for_update().get(pk=agenda_for(meeting).pk)
    rules.require(rules.AGENDA, "approve", meeting, agenda.state)
    if agenda.submitted_by_id == user.pk:
        raise ValidationError(SELF_APPROVAL)
    workflows.act(agenda, user, workflows.APPROVE)
    return Agenda.objects.get(pk=agenda.pk)


def _ask_the_approvers(meeting: MeetingPage, *, kind: str, subject: str, template: str, path: str) -> None:
    _tell(_approvers(meeting), meeting, kind=kind, subject=subject, template=template, path=path)


def _tell_the_managers_it_returned(
    meeting: MeetingPage, *, what: str, kind: str, subject: str, path: str, comment: str
):
    _tell(
        selectors.body_people(meeting.body, Role.MANAGER),
        meeting,
        kind=kind,
        subject=subject,
        template="events/email/returned.txt",
        path=path,
        comment=comment,
        what=what,
    )


def agenda_on_submitted(agenda: Agenda, task_state, user: User) -> None:
    meeting = agenda.meeting
    _ask_the_approvers(
        meeting,
        kind="events.agenda_submitted",
        subject=_("Agenda for approval: %(meeting)s") % {"meeting": meeting.title},
        template="events/email/agenda_submitted.txt",
        path=meeting_path(meeting),
    )


def agenda_on_returned(agenda: Agenda, workflow_state, user: User, comment: str) -> None:
    meeting = agenda.meeting
    _tell_the_managers_it_returned(
        meeting,
        what=_("agenda"),
        kind="events.agenda_returned",
        subject=_("Agenda returned: %(meeting)s") % {"meeting": meeting.title},
        path=meeting_path(meeting),
        comment=comment,
    )


def _previously_approved_items(agenda: Agenda, workflow_state) -> list[dict] | None:
    """The items of the chair's approval before this one (None: this is the first)."""
    earlier = agenda.approvals().exclude(workflow_state=workflow_state).first()
    return None if earlier is None else earlier.revision.content.get("items", [])


def agenda_on_approved(agenda: Agenda, workflow_state, user: User) -> None:
    """The chair approved (here or in the admin): invite the body's members, or tell them what changed,
    with an .ics; the invitation packs are built by the worker."""
    agenda = Agenda.objects.select_for_update().select_related("meeting").get(pk=agenda.pk)
    meeting = agenda.meeting
    before = _previously_approved_items(agenda, workflow_state)
    first_approval = before is None
    agenda.sequence += 1
    agenda.save(update_fields=["sequence"])
    meeting.agenda = agenda
    _invitation_packs_schedule(agenda)
    tokens = _invite_members(meeting)
    ics = _calendar_entry(meeting, "pozvanka.ics", "PUBLISH")
    items = list(meeting.agenda_items.filter(status=ItemStatus.ACCEPTED))
    page = meeting_path(meeting)
    rsvp_path = czech_path("events:rsvp", token="TOKEN")  # noqa: S106 (a placeholder, filled in per person)

    def message(person: User) -> outbox.Message:
        # Each invitee reads only the items their role may see: guests never get a case discussion's title.
        levels = permissions.visible_confidentiality(person, meeting)
        invited = first_approval or person.pk in tokens
        visible = [item for item in items if item.confidentiality in levels]
        changes = [] if invited else agenda_changes(_at(before, levels), _at(agenda.items, levels))
        link = rsvp_path.replace("TOKEN", tokens[person.pk]) if person.pk in tokens else page
        subject = _("Invitation: %(meeting)s") if invited else _("Agenda changed: %(meeting)s")
        return outbox.Message(
            kind="events.invitation" if invited else "events.agenda_changed",
            subject=subject % {"meeting": meeting.title},
            template="events/email/invitation.txt",
            context={"meeting": meeting, "items": visible, "changes": changes},
            path=page,
            attachments=[ics],
            # Everyone who may read the same items gets the same text but for their name and link.
            merge_key=f"{sorted(levels)}:{invited}",
            personal={"rsvp_url": site_url(link)},
        )

    invitees = [invitation.person for invitation in meeting.invitations.select_related("person")]
    groups_permissions.prefetch_roles(invitees)  # each message asks what its reader may see
    outbox.send_to_people(invitees, message, about=meeting)


def _at(snapshot: list[dict], levels: set[str]) -> list[dict]:
    return [item for item in snapshot if item["confidentiality"] in levels]


# --- Invitation pack ---------------------------------------------------------------------------


def _invitation_packs_schedule(agenda: Agenda) -> None:
    """Book the worker to build the packs of this approval, once it commits (the worker could not see
    it before). `robust`: a queue that refuses the booking must not turn the approval into an error."""
    from events.tasks import build_invitation_packs

    meeting_id, sequence = agenda.meeting_id, agenda.sequence
    transaction.on_commit(lambda: build_invitation_packs.enqueue(meeting_id, sequence), robust=True)


def _pack_due(agenda: Agenda | None, sequence: int) -> bool:
    """Packs are built from the approval that was booked while it stands: not after a later approval
    (which books its own build), nor once the agenda changed (its items are no longer the approved ones)."""
    return agenda is not None and agenda.sequence == sequence and agenda.stands_approved


def invitation_packs_build(*, meeting_id: int, sequence: int) -> list[str]:
    """The worker's side: one pack per kind of reader of the members' area, each with exactly the items
    `selectors.agenda_items_for` shows that reader. Returns the levels of the packs it built."""
    agenda = Agenda.objects.select_related("meeting").filter(meeting_id=meeting_id).first()
    if not _pack_due(agenda, sequence):
        return []
    meeting = agenda.meeting
    built = []
    for levels in permissions.MEMBERS_AREA_LEVELS:
        key = InvitationPack.levels_key(levels)
        if InvitationPack.objects.filter(meeting=meeting, levels=key, sequence=sequence).exists():
            continue  # this approval was booked twice
        # Seconds of WeasyPrint, outside any transaction: nothing is locked meanwhile.
        content = documents.invitation_pack(meeting, selectors.agenda_items_at(meeting, levels))
        if _invitation_pack_store(meeting=meeting, levels_key=key, sequence=sequence, content=content):
            built.append(key)
    return built


@transaction.atomic
def _invitation_pack_store(*, meeting: MeetingPage, levels_key: str, sequence: int, content: bytes) -> bool:
    """Keep the pack in place of the readers' older one, unless the agenda changed while it was built."""
    if not _pack_due(Agenda.objects.select_for_update().filter(meeting=meeting).first(), sequence):
        return False
    pack = InvitationPack.objects.select_for_update().filter(meeting=meeting, levels=levels_key).first()
    pack = pack or InvitationPack(meeting=meeting, levels=levels_key)
    replaced = pack.file.name
    pack.sequence, pack.built_at = sequence, timezone.now()
    pack.file.save(f"podklady-{meeting.pk}-{sequence}-{levels_key}.zip", ContentFile(content), save=False)
    pack.save()
    if replaced:
        transaction.on_commit(lambda: private_storage.delete(replaced))
    return True


def _invite_members(meeting: MeetingPage) -> dict[int, str]:
    """Create the invitations not yet made; returns person id → RSVP token for the new ones."""
    already = set(meeting.invitations.values_list("person_id", flat=True))
    tokens, invitations = {}, []
    memberships = Membership.objects.active().filter(body=meeting.body).select_related("person", "organisation")
    for membership in memberships:
        if membership.person_id in already or membership.person_id in tokens:
            continue
        token = secrets.token_urlsafe(24)
        invitations.append(
            MeetingInvitation(
                meeting=meeting,
                person=membership.person,
                organisation=membership.organisation,
                token_hash=hash_token(token),
            )
        )
        tokens[membership.person_id] = token
    MeetingInvitation.objects.bulk_create(invitations)  # one statement for a body of any size
    return tokens


def invitation_for_token(token: str) -> MeetingInvitation | None:
    return MeetingInvitation.objects.select_related("meeting", "person").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def invitation_respond(*, invitation: MeetingInvitation, response: str, substitute_name: str = "") -> MeetingInvitation:
    meeting = invitation.meeting
    if meeting.cancelled:
        raise ValidationError(_("The meeting was cancelled."))
    if meeting.has_ended:
        raise ValidationError(_("The meeting is over; answers are closed."))
    if response not in (Response.YES, Response.NO, Response.SUBSTITUTE):
        raise ValidationError({"response": _("Choose an answer.")})
    if response == Response.SUBSTITUTE and not substitute_name.strip():
        raise ValidationError({"substitute_name": _("Give the name of the person you send.")})
    invitation.response = response
    invitation.substitute_name = substitute_name.strip() if response == Response.SUBSTITUTE else ""
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "substitute_name", "responded_at"])
    return invitation


# --- Minutes -----------------------------------------------------------------------------------


def new_key() -> str:
    return uuid.uuid4().hex[:12]


def minutes_initial_content(meeting: MeetingPage) -> dict:
    """Attendance from the invitations (with their answers), or the body's members if none were sent."""
    attendance = [
        {"person": row.person.pk, "organisation": row.organisation_id, "status": "", "substitute": row.substitute}
        for row in selectors.expected_attendees(meeting)
    ]
    items = [
        {
            "agenda_item": item.pk,
            "notes": "",
            "confidential": item.confidentiality == Confidentiality.CONFIDENTIAL,
            "decisions": [],
            "tasks": [],
        }
        for item in meeting.agenda_items.filter(status=ItemStatus.ACCEPTED)
    ]
    return {"attendance": attendance, "items": items}


def minutes_for(meeting: MeetingPage) -> Minutes:
    """The meeting's minutes; new ones start as a draft with the attendance and the agenda's items."""
    minutes, created = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"live": False, "has_unpublished_changes": True}
    )
    if created:
        minutes.set_records(minutes_initial_content(meeting))
        minutes.save()
    return minutes


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)


@transaction.atomic
def minutes_save(*, minutes: Minutes, user: User, content: dict, based_on: int | None) -> Minutes:
    """Save the manager's edit as a new revision (the approved version stays live until the next
    approval). Refuses if someone saved since the form was opened, and while the chair has them."""
    minutes = _locked(minutes)
    rules.require(rules.MINUTES, "edit", minutes.meeting, minutes.state)
    if (minutes.latest_revision_id or None) != (based_on or None):
        raise ValidationError(
            _("Someone else saved these minutes meanwhile. Your text is below: compare it and save again.")
        )
    _check_numbered_decisions_kept(minutes, content)
    working = minutes.working_copy()
    working.set_records(content)
    working.save_revision(user=user, log_action=True)
    return minutes


def _check_numbered_decisions_kept(minutes: Minutes, content: dict) -> None:
    """A numbered decision is part of the record for good: a correction revokes it, never drops it."""
    kept = {decision["key"] for entry in content.get("items", []) for decision in entry.get("decisions", [])}
    dropped = minutes.decisions.exclude(key__in=kept).filter(revoked_at=None).values_list("number", flat=True)
    if dropped:
        raise ValidationError(
            _("Decision %(numbers)s is numbered: it cannot be removed, only revoked with a reason.")
            % {"numbers": ", ".join(dropped)}
        )


def _minutes_workflow(minutes: Minutes):
    workflow = minutes.get_workflow()
    if workflow is None:
        raise ValidationError(NO_WORKFLOW)
    return workflow


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, user: User, deadline: datetime.datetime) -> Minutes:
    """Send the working copy to the members for comments until `deadline` (the comment period)."""
    minutes = _locked(minutes)
    rules.require(rules.MINUTES, "circulate", minutes.meeting, minutes.state)
    if minutes.return_comment:  # the chair returned it: it goes back to the chair, not to the members
        raise ValidationError(rules.MINUTES["circulate"].refusal)
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The comment deadline must be in the future.")})
    workflow = _minutes_workflow(minutes)
    minutes.comment_deadline = deadline
    minutes.save(update_fields=["comment_deadline"])
    if minutes.latest_revision_id is None:
        minutes.save_revision(user=user)
    workflows.submit(minutes, user, workflow)
    return minutes


@transaction.atomic
def minutes_comment(
    *,
    minutes: Minutes,
    user: User,
    text: str,
    agenda_item: AgendaItem | None = None,
    parent: MinutesComment | None = None,
) -> MinutesComment:
    minutes = _locked(minutes)
    if not minutes.comments_open:
        raise ValidationError(_("Comments on these minutes are closed."))
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    if parent is not None:
        if parent.minutes_id != minutes.pk:
            raise ValidationError(_("The comment you reply to belongs to other minutes."))
        agenda_item = parent.agenda_item
    if agenda_item is not None and agenda_item.meeting_id != minutes.meeting_id:
        raise ValidationError(_("That item is not on this meeting's agenda."))
    comment = MinutesComment(minutes=minutes, agenda_item=agenda_item, parent=parent, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def minutes_submit(*, minutes: Minutes, user: User) -> Minutes:
    """To the chair: once the comment period is over, or again after the chair returned them."""
    minutes = _locked(minutes)
    rules.require(rules.MINUTES, "submit", minutes.meeting, minutes.state)
    if minutes.state == MinutesState.CIRCULATING:
        if minutes.comments_open:
            raise ValidationError(
                _("The members may comment until %(date)s; the chair may close the comment period early.")
                % {"date": _format(minutes.deadline)}
            )
        workflows.act(minutes, user, workflows.APPROVE)
    elif minutes.return_comment:
        workflows.submit(minutes, user, _minutes_workflow(minutes))
    else:
        raise ValidationError(_("Minutes go to the chair after they have been circulated to the members."))
    return minutes


@transaction.atomic
def minutes_close_comments(*, minutes: Minutes, user: User, reason: str) -> Minutes:
    """The chair ends the comment period before its deadline; the reason is recorded in the history."""
    minutes = _locked(minutes)
    rules.require(rules.MINUTES, "close_comments", minutes.meeting, minutes.state)
    if not minutes.comments_open:
        raise ValidationError(rules.MINUTES["close_comments"].refusal)
    workflows.act(minutes, user, workflows.CLOSE_EARLY, reason)
    return minutes


@transaction.atomic
def minutes_return(*, minutes: Minutes, user: User, comment: str) -> Minutes:
    minutes = _locked(minutes)
    rules.require(rules.MINUTES, "return", minutes.meeting, minutes.state)
    workflows.act(minutes, user, workflows.RETURN, comment)
    return minutes


@transaction.atomic
def minutes_approve(*, minutes: Minutes, user: User) -> Minutes:
    """The chair approves in the members' area; `minutes_on_approved` follows, as after the admin's."""
    minutes = _locked(minutes)
    rules.require(rules.MINUTES, "approve", minutes.meeting, minutes.state)
    if minutes.submitted_by_id == user.pk:
        raise ValidationError(SELF_APPROVAL)
    workflows.act(minutes, user, workflows.APPROVE)
    return Minutes.objects.get(pk=minutes.pk)


def minutes_on_task_started(minutes: Minutes, task_state, user: User) -> None:
    """The comment period opened (members are asked), or the chair's approval began (the chair is)."""
    meeting = minutes.meeting
    if isinstance(task_state, CommentPeriodTaskState):
        _tell(
            selectors.body_people(meeting.body),
            meeting,
            kind="events.minutes_circulated",
            subject=_("Minutes for comments: %(meeting)s") % {"meeting": meeting.title},
            template="events/email/minutes_circulated.txt",
            path=minutes_path(meeting),
            deadline=task_state.deadline,
        )
        return
    _ask_the_approvers(
        meeting,
        kind="events.minutes_submitted",
        subject=_("Minutes for approval: %(meeting)s") % {"meeting": meeting.title},
        template="events/email/minutes_submitted.txt",
        path=minutes_path(meeting),
    )


def minutes_on_returned(minutes: Minutes, workflow_state, user: User, comment: str) -> None:
    meeting = minutes.meeting
    _tell_the_managers_it_returned(
        meeting,
        what=_("minutes"),
        kind="events.minutes_returned",
        subject=_("Minutes returned: %(meeting)s") % {"meeting": meeting.title},
        path=minutes_path(meeting),
        comment=comment,
    )


def minutes_on_approved(minutes: Minutes, workflow_state, user: User) -> None:
    """The approved version is live: number its decisions, register its tasks, tell the members."""
    minutes = Minutes.objects.select_related("meeting").get(pk=minutes.pk)
    assigned = _materialise(minutes)
    meeting = minutes.meeting
    _tell(
        selectors.body_people(meeting.body),
        meeting,
        kind="events.minutes_approved",
        subject=_("Minutes approved: %(meeting)s") % {"meeting": meeting.title},
        template="events/email/minutes_approved.txt",
        path=minutes_path(meeting),
    )
    _notify_task_owners(assigned)
    public_text_changed.send(sender=MeetingPage, page=meeting)  # the public search finds the public minutes


def _next_decision_number(body, year: int) -> tuple[int, str]:
    DecisionCounter.objects.get_or_create(body=body, year=year)
    counter = DecisionCounter.objects.select_for_update().get(body=body, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = DECISION_PREFIX.get(body.kind, "PS")
    return counter.last, f"{prefix}-{year}-{counter.last:02d}"


def _materialise(minutes: Minutes) -> list[Task]:
    """The register follows the approved minutes: decisions get their numbers (a revoked one keeps it,
    marked revoked), tasks their rows (one left out of a correction is cancelled, not deleted).
    Returns the tasks newly given to someone."""
    meeting, body = minutes.meeting, minutes.meeting.body
    year = timezone.localtime(meeting.start).year
    now = timezone.now()
    decisions = {d.key: d for d in minutes.decisions.all()}
    tasks = {t.key: t for t in minutes.tasks.all()}
    assigned = []
    kept_decisions, kept_tasks = set(), set()
    items = {item.pk: item for item in meeting.agenda_items.all()}
    for entry in minutes.approved_content.get("items", []):
        item = items.get(entry["agenda_item"])
        confidential = entry_is_confidential(entry, item)
        for decision in entry.get("decisions", []):
            kept_decisions.add(decision["key"])
            existing = decisions.get(decision["key"])
            if existing is None:
                sequence, number = _next_decision_number(body, year)
                existing = Decision(
                    body=body, minutes=minutes, key=decision["key"], year=year, sequence=sequence, number=number
                )
            existing.agenda_item, existing.text, existing.confidential = item, decision["text"], confidential
            if decision.get("revoked") and existing.revoked_at is None:
                existing.revoked_at, existing.revoked_reason = now, decision["revoked"]
            existing.save()
        for values in entry.get("tasks", []):
            kept_tasks.add(values["key"])
            task = tasks.get(values["key"]) or Task(body=body, minutes=minutes, key=values["key"])
            new_owner = values.get("owner") and values.get("owner") != task.owner_id
            task.agenda_item, task.what = item, values["what"]
            task.owner_id, task.organisation_id = values.get("owner"), values.get("organisation")
            task.due = datetime.date.fromisoformat(values["due"]) if values.get("due") else None
            task.confidential = confidential
            if task.status == TaskStatus.CANCELLED:
                task.status = TaskStatus.OPEN
            task.save()
            if new_owner:
                assigned.append(task)
    # Numbers are never given again and decisions never deleted; a decision missing from an approved
    # version (an old draft, the admin) is revoked, as a task left out is cancelled.
    minutes.decisions.exclude(key__in=kept_decisions).filter(revoked_at=None).update(
        revoked_at=now, revoked_reason=_("Left out of the minutes as approved on %(date)s.") % {"date": _format(now)}
    )
    minutes.tasks.exclude(key__in=kept_tasks).unfinished().update(status=TaskStatus.CANCELLED)
    return assigned


def _notify_task_owners(tasks: list[Task]) -> None:
    for task in tasks:
        outbox.send_to_people(
            [task.owner],
            lambda person, task=task: outbox.Message(
                kind="events.task_assigned",
                subject=_("New task: %(task)s") % {"task": task.what[:80]},
                template="events/email/task_assigned.txt",
                context={"task": task},
                path=czech_path("events:my_tasks"),
            ),
        )


def minutes_diff(before: dict, after: dict, describe) -> list[str]:
    """A unified text diff of two versions of the minutes, as `describe(content)` renders them."""
    return list(difflib.unified_diff(describe(before), describe(after), lineterm="", n=1))[2:]


# --- Tasks and reminders -----------------------------------------------------------------------


@transaction.atomic
def task_set_status(*, task: Task, user: User, status: str) -> Task:
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    task.status = status
    task.save(update_fields=["status"])
    return task


REMINDER_DAYS = 3


def reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily reminders: tasks due in three days or overdue (once a day each), comment deadlines tomorrow."""
    today = today or timezone.localdate()
    sent = {"tasks": 0, "deadlines": 0}
    due_soon = (
        Task.objects.unfinished()
        .filter(owner__isnull=False, owner__is_active=True, due__lte=today + datetime.timedelta(days=REMINDER_DAYS))
        .exclude(last_reminded_on=today)
        .select_related("owner", "body")
    )
    with transaction.atomic():
        for task in due_soon.select_for_update(of=("self",)):
            sent["tasks"] += outbox.send_to_people(
                [task.owner],
                lambda person, task=task: outbox.Message(
                    kind="events.task_reminder",
                    subject=(_("Overdue task: %(task)s") if task.due < today else _("Task due soon: %(task)s"))
                    % {"task": task.what[:80]},
                    template="events/email/task_reminder.txt",
                    context={"task": task, "overdue": task.due < today},
                    path=czech_path("events:my_tasks"),
                ),
            )
            task.last_reminded_on = today
            task.save(update_fields=["last_reminded_on"])
    tomorrow = today + datetime.timedelta(days=1)
    closing = CommentPeriodTaskState.objects.filter(
        status=CommentPeriodTaskState.STATUS_IN_PROGRESS,
        reminder_sent=False,
        deadline__date__lte=tomorrow,
        deadline__gt=timezone.now(),
    )
    with transaction.atomic():
        for period in closing.select_for_update(of=("self",)):
            minutes = period.workflow_state.content_object
            if not isinstance(minutes, Minutes):
                continue
            meeting = minutes.meeting
            sent["deadlines"] += _tell(
                selectors.body_people(meeting.body),
                meeting,
                kind="events.comment_deadline",
                subject=_("Comments on the minutes close soon: %(meeting)s") % {"meeting": meeting.title},
                template="events/email/comment_deadline.txt",
                path=minutes_path(meeting),
                deadline=period.deadline,
            )
            period.reminder_sent = True
            period.save(update_fields=["reminder_sent"])
    sent["comments"] = comments_digest_send()
    return sent


def comments_digest_send() -> int:
    """The managers hear once a day what members wrote on minutes in circulation: one message per
    minutes with every comment since the last digest (each reads what they may see, not their own)."""
    with transaction.atomic():
        fresh = list(
            MinutesComment.objects.filter(digested_at__isnull=True)
            .select_for_update(of=("self",))
            .select_related("minutes__meeting", "author", "agenda_item")
        )
        by_minutes: dict[int, list[MinutesComment]] = {}
        for comment in fresh:
            by_minutes.setdefault(comment.minutes_id, []).append(comment)
        sent = 0
        for comments in by_minutes.values():
            meeting = comments[0].minutes.meeting
            for manager in selectors.body_people(meeting.body, Role.MANAGER):
                readable = set(
                    MinutesComment.objects.visible_to(manager)
                    .filter(pk__in=[c.pk for c in comments])
                    .exclude(author=manager)
                    .values_list("pk", flat=True)
                )
                if readable:
                    sent += _tell(
                        [manager],
                        meeting,
                        kind="events.comments_digest",
                        subject=_("New comments on the minutes: %(meeting)s") % {"meeting": meeting.title},
                        template="events/email/comments_digest.txt",
                        path=minutes_path(meeting),
                        comments=[c for c in comments if c.pk in readable],
                    )
        MinutesComment.objects.filter(pk__in=[c.pk for c in fresh]).update(digested_at=timezone.now())
    return sent
