"""Meetings of a body: schedule (a Wagtail page), agenda, invitations and RSVP, minutes, decisions, tasks.

The meeting page holds what an editor edits in the Wagtail admin (when, where, for whom). The agenda
and the minutes are separate models with their own state, because Wagtail's publishing copies every
page field back from the revision being published: workflow state kept on the page would be rolled
back by an editor's stale draft.
"""

import copy
import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from events.storage import (
    download_name,
    private_document_field,
    private_storage_of_field,
)
from groups import permissions as groups_permissions
from groups.models import AgendaKind, BodyKind, BodyPage, Organisation, Role
from groups.workflows import Approvable, CommentPeriodTaskState
from portal import page_cache, public_parts
from portal.locales import language_of

PROPOSAL_CUTOFF_DAYS = 7
# Apps above this one add to each agenda item on the members' meeting page (the action plan: the
# measures an item monitors): functions of (request, meeting, items) answering {item id: Section}.
MEETING_ITEM_SECTIONS_HOOK = "events_meeting_item_sections"
MANAGERS = frozenset({Role.MANAGER})


class MeetingKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working-group meeting")
    ROUND_TABLE = "round_table", _("Round table")
    SUBGROUP = "subgroup", _("Sub-group meeting")


MEETING_KIND_FOR_BODY = {
    BodyKind.WORKING_GROUP: MeetingKind.WORKING_GROUP,
    BodyKind.ROUND_TABLE: MeetingKind.ROUND_TABLE,
    BodyKind.SUBGROUP: MeetingKind.SUBGROUP,
}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members")
    CONFIDENTIAL = "confidential", _("Confidential")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_APPROVED = "agenda_approved", _("Agenda approved")
    HELD = "held", _("Held")
    MINUTES_CIRCULATING = "minutes_circulating", _("Minutes in circulation")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(PageQuerySet):
    def visible_to(self, user):
        """The meetings this person may open: public ones, and members-only ones of the bodies whose
        internal space they enter (`groups.permissions.can_view_internal`)."""
        return self.filter(Q(visibility=Visibility.PUBLIC) | groups_permissions.internal_reach(user).pages_below())

    def internal_to(self, user):
        """The meetings whose members' area this person enters."""
        return self.filter(groups_permissions.internal_reach(user).pages_below())


class MeetingPage(Page):
    """One meeting of a working group, round table or sub-group, placed under its body's page."""

    objects = PageManager.from_queryset(MeetingQuerySet)()

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    proposal_cutoff = models.DateTimeField(
        _("members may propose items until"),
        null=True,
        blank=True,
        help_text=_("Empty: seven days before the meeting."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("online_url")], heading=_("Where")),
        FieldPanel("visibility"),
        FieldPanel("proposal_cutoff"),
        FieldPanel("cancelled"),
    ]
    search_fields = Page.search_fields + [index.FilterField("start"), index.FilterField("visibility")]
    parent_page_types = ["groups.BodyPage"]
    subpage_types: list[str] = []
    template = "events/meeting_page.html"
    served_with = ("agenda", "minutes")  # read with the page when it is served (portal.page_routes)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The meeting must end after it starts.")
        if self.proposal_cutoff and self.start and self.proposal_cutoff > self.start:
            errors["proposal_cutoff"] = _("Proposals must close before the meeting starts.")
        if self.place == "" and self.online_url == "":
            errors["place"] = _("Give a place, an online link, or both.")
        if errors:
            raise ValidationError(errors)

    @property
    def body_path(self) -> str:
        """A meeting sits right under its body's page."""
        return self.path[: -self.steplen]

    @cached_property
    def body(self) -> BodyPage:
        return BodyPage.objects.get(path=self.body_path)

    @property
    def kind(self) -> str:
        """A meeting is of its body's kind: a round table's meeting is a round table."""
        return MEETING_KIND_FOR_BODY[self.body.kind]

    def get_kind_display(self) -> str:
        return MeetingKind(self.kind).label

    @property
    def effective_proposal_cutoff(self) -> datetime.datetime:
        return self.proposal_cutoff or self.start - datetime.timedelta(days=PROPOSAL_CUTOFF_DAYS)

    @property
    def has_ended(self) -> bool:
        return self.end <= timezone.now()

    def status_with(self, agenda: "Agenda | None", minutes: "Minutes | None") -> str:
        """The one status people see, derived from the agenda's and the minutes' own states."""
        if self.cancelled:
            return MeetingStatus.CANCELLED
        if minutes and minutes.approved_at:
            return MeetingStatus.MINUTES_APPROVED
        if minutes and self._minutes_in_comment_period(minutes):
            return MeetingStatus.MINUTES_CIRCULATING
        if self.has_ended:
            return MeetingStatus.HELD
        if agenda and agenda.approved_at:
            return MeetingStatus.AGENDA_APPROVED
        return MeetingStatus.PLANNED

    def _minutes_in_comment_period(self, minutes: "Minutes") -> bool:
        # Lists read it with the meetings (`selectors.listed_meetings`) instead of a query per row.
        annotated = self.__dict__.get("minutes_in_comment_period")
        return annotated if annotated is not None else minutes.state == MinutesState.CIRCULATING

    def _one_to_one(self, name: str):
        try:
            return getattr(self, name)
        except ObjectDoesNotExist:
            return None

    @property
    def status(self) -> str:
        """Free when the list selected the agenda and minutes with the page (`select_related`)."""
        return self.status_with(self._one_to_one("agenda"), self._one_to_one("minutes"))

    def get_status_display(self) -> str:
        return MeetingStatus(self.status).label

    def is_visible_to(self, user) -> bool:
        """`MeetingQuerySet.visible_to`, for this meeting: a public one, which it shows to everyone,
        without a query."""
        if self.visibility == Visibility.PUBLIC:
            return True
        return MeetingPage.objects.visible_to(user).filter(pk=self.pk).exists()

    def serve(self, request, *args, **kwargs):
        """Members-only meetings carry a login restriction (see `meeting_restriction_sync`), which keeps
        them out of search, the sitemap and page listings; signed-in outsiders are refused here."""
        from events.permissions import can_view_meeting

        if not can_view_meeting(request.user, self):
            raise Http404  # outsiders are not told that the meeting exists
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """The heading, the approved programme and the public minutes are the same for every visitor: kept
        parts (`portal.public_parts`). The way to the members' area is each visitor's."""
        from events.permissions import can_view_internal
        from events.selectors import meeting_public_view

        context = super().get_context(request, *args, **kwargs)
        if translation.get_language() != settings.LANGUAGE_CODE:
            # Shown in another language (`events:meeting_public`): the frame in that language, the
            # meeting's own words marked as Czech (meetings are pages of the Czech tree).
            context["content_language"] = settings.LANGUAGE_CODE
            context["breadcrumb_pages"] = [ancestor.localized for ancestor in self.get_ancestors()]

        def shown() -> dict:
            body, language = self.body, context.get("content_language", "")
            return {
                **meeting_public_view(self),
                "body": body,
                "body_page": body.localized if language else None,
                "content_language": language,
                # A round table in session whose manager lets the public follow it (opening and closing
                # it retire the kept part with the cached page).
                "followed_live": (
                    self.kind == MeetingKind.ROUND_TABLE
                    and self.visibility == Visibility.PUBLIC
                    and LiveRoom.objects.filter(meeting=self, public=True, closed_at=None).exists()
                ),
            }

        context["public_header"], context["public_part"] = public_parts.kept_htmls(
            request,
            "meeting-parts",
            self,
            ("events/includes/meeting_header.html", "events/includes/meeting_public.html"),
            shown,
        )
        # Only a member enters the meeting's members' area; asking costs its body, read (`self.body`).
        context["can_view_internal"] = request.user.is_authenticated and can_view_internal(request.user, self)
        return context

    def language_urls(self, request) -> dict[str, str]:
        """A meeting's page exists in the working group's language only; the other languages show it
        at `events:meeting_public` (the language switcher links there)."""
        urls = {}
        for code, _name in settings.LANGUAGES:
            if code == language_of(self):
                urls[code] = self.get_url(request)
            else:
                with translation.override(code):
                    urls[code] = reverse("events:meeting_public", args=[self.pk])
        return urls


def read_meetings_with_bodies(records: list) -> None:
    """The meetings of many agendas or minutes, each with its body, in two queries (a meeting's body is
    its parent page, otherwise read one meeting at a time)."""
    prefetch_related_objects(records, "meeting")
    meetings = [record.meeting for record in records]
    bodies = BodyPage.objects.in_bulk({meeting.body_path for meeting in meetings}, field_name="path")
    for meeting in meetings:
        meeting.__dict__["body"] = bodies[meeting.body_path]  # MeetingPage.body, read


class AgendaState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the chair")
    APPROVED = "approved", _("Approved")


class Agenda(Approvable):
    """The agenda's approval (`groups.workflows`: the chair's approval). The items are AgendaItem rows,
    edited freely by the manager; `items` is their snapshot as submitted, so the live row holds the
    items as the chair last approved them and each submission is a revision."""

    meeting = models.OneToOneField(MeetingPage, on_delete=models.CASCADE, related_name="agenda")
    items = models.JSONField(default=list, blank=True)
    # Bumped on every approval: calendars use it (iCalendar SEQUENCE) to replace the old invitation.
    sequence = models.PositiveIntegerField(default=0)
    cancellation_sent_at = models.DateTimeField(null=True, blank=True)

    # Facts about the meeting's mail, not about a version of the agenda: kept when a revision is published.
    OPERATIONAL_FIELDS = ("sequence", "cancellation_sent_at")

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def __str__(self) -> str:
        return _("Agenda: %(meeting)s") % {"meeting": self.meeting.title}

    @property
    def approval_body(self) -> BodyPage:
        return self.meeting.body

    @classmethod
    def read_approval_bodies(cls, objects: list) -> None:
        read_meetings_with_bodies(objects)

    def get_members_area_url(self) -> str:
        return reverse("events:meeting", args=[self.meeting_id])

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.OPERATIONAL_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def state(self) -> str:
        if self.workflow_in_progress:
            return AgendaState.SUBMITTED
        return AgendaState.APPROVED if self.stands_approved else AgendaState.DRAFT

    def get_state_display(self) -> str:
        return AgendaState(self.state).label

    @property
    def approved_at(self):
        """When the chair last approved it (None: never)."""
        return self.last_published_at if self.live else None

    @property
    def approved_items(self) -> list[dict]:
        return self.items if self.live else []

    @property
    def needs_reapproval(self) -> bool:
        return self.live and not self.stands_approved

    @property
    def stands_approved(self) -> bool:
        """Approved and unchanged since: the accepted items are the ones the chair approved."""
        return self.live and not self.has_unpublished_changes


class InvitationPack(models.Model):
    """The invitation pack (a ZIP: the agenda as PDF and every annex) of an approved agenda, for the
    readers who see the same items. The worker builds it after the chair's approval (`events/tasks.py`),
    so nobody waits for WeasyPrint in a request; the download view serves it only while `sequence` is
    the agenda's, so a pack of an older approval is never handed out."""

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="invitation_packs")
    # The confidentiality levels its readers see, sorted and joined: `levels_key(...)`.
    levels = models.CharField(max_length=60)
    sequence = models.PositiveIntegerField()  # the `Agenda.sequence` it was built from
    file = models.FileField(storage=private_storage_of_field, upload_to="packs/%Y/")
    built_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "levels"], name="one_invitation_pack_per_readers")]
        verbose_name = _("invitation pack")
        verbose_name_plural = _("invitation packs")

    def __str__(self) -> str:
        return f"{self.meeting} ({self.levels}, {self.sequence})"

    @staticmethod
    def levels_key(levels) -> str:
        return "-".join(sorted(levels))


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("On the agenda")
    DECLINED = "declined", _("Declined")


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The items this person may read: in the members' area of their bodies, the items on the agenda,
        case discussions (confidential) only for the core (`can_read_confidential`: not permanent guests);
        a proposal not on the agenda only for its proposer and the meeting's managers."""
        internal = groups_permissions.internal_reach(user).pages_below("meeting__")
        core = groups_permissions.participation_reach(user, administrators=True).pages_below("meeting__")
        managing = groups_permissions.reach(user, MANAGERS, administrators=True).pages_below("meeting__")
        on_agenda = Q(status=ItemStatus.ACCEPTED) & (~Q(confidentiality=Confidentiality.CONFIDENTIAL) | core)
        proposer = Q(proposed_by=user) if user.is_authenticated else Q(pk__in=[])
        proposals = ~Q(status=ItemStatus.ACCEPTED) & (proposer | managing)
        return self.filter(internal & (on_agenda | proposals))


class AgendaItem(models.Model):
    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices, default=AgendaKind.INFORMATIONAL)
    title = models.CharField(_("title"), max_length=255)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("presenter"),
    )
    presenter_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("organisation")
    )
    planned_minutes = models.PositiveSmallIntegerField(_("planned minutes"), default=15)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.MEMBERS
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.ACCEPTED)
    decline_reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_proposal(self) -> bool:
        """A member's proposal the manager has not yet decided."""
        return self.status == ItemStatus.PROPOSED

    def snapshot(self) -> dict:
        """What the chair approves and invitees are told about: compared to spot changes."""
        return {
            "id": self.pk,
            "title": self.title,
            "kind": self.kind,
            "presenter": self.presenter_id,
            "organisation": self.presenter_organisation_id,
            "minutes": self.planned_minutes,
            "confidentiality": self.confidentiality,
            "description": self.description,
            "documents": sorted(document.pk for document in self.documents.all()),
        }


class AgendaDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An annex is read by whoever may read its item."""
        return self.filter(item__in=AgendaItem.objects.visible_to(user))


class AgendaDocument(models.Model):
    """An annex to an agenda item; stored outside the public media folder, served after a permission check."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=255)
    file = private_document_field("meetings/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AgendaDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return download_name(self.title, self.file, "priloha")


class Response(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    YES = "yes", _("Attending")
    NO = "no", _("Not attending")
    SUBSTITUTE = "substitute", _("Sending a substitute")


class MeetingInvitation(models.Model):
    """One invited person and their answer. Created when the chair approves the agenda."""

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    response = models.CharField(_("answer"), max_length=12, choices=Response.choices, default=Response.PENDING)
    substitute_name = models.CharField(_("substitute's name"), max_length=200, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_per_person")]
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATING = "circulating", _("In circulation for comments")
    SUBMITTED = "submitted", _("Submitted to the chair")
    APPROVED = "approved", _("Approved")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")
    SUBSTITUTE = "substitute", _("Represented by a substitute")


class Minutes(Approvable, ClusterableModel):
    """The minutes of one meeting, as records: attendance, and per agenda item the notes, decisions and
    tasks (child models, so each revision holds all of them). The approval workflow is a comment period
    then the chair's approval (`groups.workflows`); the row is the approved (live) version, and the
    working copy is the latest revision. `content` and `approved_content` give either as plain data:
    the form, the diff, the PDF and the public page read that.

    content = {"attendance": [{"person", "organisation", "status", "substitute"}],
               "items": [{"agenda_item", "notes", "confidential", "decisions": [{"key", "text", "revoked"}],
                          "tasks": [{"key", "what", "owner", "organisation", "due"}]}]}
    """

    meeting = models.OneToOneField(MeetingPage, on_delete=models.CASCADE, related_name="minutes")
    # The deadline the manager asked for when circulating; the comment period keeps its own copy.
    comment_deadline = models.DateTimeField(_("comments until"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return _("Minutes: %(meeting)s") % {"meeting": self.meeting.title}

    WORKFLOW_CACHES = ("current_workflow_state", "circulated_revision", "approved_by", "_records")

    @property
    def approval_body(self) -> BodyPage:
        return self.meeting.body

    @classmethod
    def read_approval_bodies(cls, objects: list) -> None:
        read_meetings_with_bodies(objects)

    def get_members_area_url(self) -> str:
        return reverse("events:minutes", args=[self.meeting_id])

    # --- The records as plain data --------------------------------------------------------------

    def records(self) -> dict:
        """This version's records (the row's, or a revision's in memory) as plain data, read once."""
        if "_records" not in self.__dict__:
            self.__dict__["_records"] = self._read_records()
        return self.__dict__["_records"]

    def keep_approved_records(self) -> None:
        """For a page: the approved records of this row (not of a revision read into memory) from the
        page cache, kept under the approval they belong to. Only an approval changes them, and it saves
        the row, which retires the cache; the page then reads them once, not four queries each time."""
        if self.live and self.live_revision_id and "_records" not in self.__dict__:
            parts = ("minutes-records", self.pk, self.live_revision_id)
            self.__dict__["_records"] = page_cache.remember(parts, self._read_records)

    def _read_records(self) -> dict:
        return {
            "attendance": [
                {
                    "person": row.person_id,
                    "organisation": row.organisation_id,
                    "status": row.status,
                    "substitute": row.substitute,
                }
                for row in self.attendance.all()
            ],
            "items": [
                {
                    "agenda_item": entry.agenda_item_id,
                    "notes": entry.notes,
                    "confidential": entry.confidential,
                    "decisions": [
                        {"key": d.key, "text": d.text, "revoked": d.revoked_reason} for d in entry.decisions.all()
                    ],
                    "tasks": [
                        {
                            "key": t.key,
                            "what": t.what,
                            "owner": t.owner_id,
                            "organisation": t.organisation_id,
                            "due": t.due.isoformat() if t.due else None,
                        }
                        for t in entry.tasks.all()
                    ],
                }
                for entry in self._entries()
            ],
        }

    def _entries(self):
        entries = self.entries.all()
        if isinstance(entries, models.QuerySet):  # the row's records; a revision's are in memory already
            entries = entries.prefetch_related("decisions", "tasks")
        return entries

    def set_records(self, content: dict) -> None:
        """Replace this version's records (in memory, until saved or saved as a revision)."""
        self.__dict__.pop("_records", None)
        self.attendance = [
            MinutesAttendance(
                person_id=row["person"],
                organisation_id=row.get("organisation"),
                status=row.get("status", ""),
                substitute=row.get("substitute", ""),
            )
            for row in content.get("attendance", [])
        ]
        entries = []
        for entry in content.get("items", []):
            record = MinutesEntry(
                agenda_item_id=entry["agenda_item"], notes=entry.get("notes", ""), confidential=entry["confidential"]
            )
            record.decisions = [
                MinutesDecision(key=d["key"], text=d["text"], revoked_reason=d.get("revoked", ""))
                for d in entry.get("decisions", [])
            ]
            record.tasks = [
                MinutesTask(
                    key=t["key"],
                    what=t["what"],
                    owner_id=t.get("owner"),
                    organisation_id=t.get("organisation"),
                    due=datetime.date.fromisoformat(t["due"]) if t.get("due") else None,
                )
                for t in entry.get("tasks", [])
            ]
            entries.append(record)
        self.entries = entries

    def working_copy(self) -> "Minutes":
        return self.get_latest_revision_as_object()

    @property
    def content(self) -> dict:
        """The working copy's records (what the manager edits and members comment on): a copy to change."""
        return copy.deepcopy(self.working_copy().records())

    @property
    def approved_content(self) -> dict | None:
        """The approved records (None before the first approval)."""
        return self.records() if self.live else None

    @property
    def has_unapproved_changes(self) -> bool:
        return self.live and self.has_unpublished_changes

    # --- Where the workflow stands --------------------------------------------------------------

    @property
    def comment_period(self) -> "CommentPeriodTaskState | None":
        """The comment period in progress, if the minutes are in circulation."""
        task_state = self.current_workflow_task_state
        return task_state if isinstance(task_state, CommentPeriodTaskState) else None

    @property
    def state(self) -> str:
        if self.workflow_in_progress:
            return MinutesState.CIRCULATING if self.comment_period else MinutesState.SUBMITTED
        return MinutesState.APPROVED if self.live and not self.has_unpublished_changes else MinutesState.DRAFT

    def get_state_display(self) -> str:
        return MinutesState(self.state).label

    @property
    def has_left_draft(self) -> bool:
        """`state` is not DRAFT: asked without reading the workflow while the approved version stands."""
        return (self.live and not self.has_unpublished_changes) or self.workflow_in_progress

    @property
    def stands_approved(self) -> bool:
        """Approved, and no correction since."""
        return self.live and not self.has_unpublished_changes and not self.workflow_in_progress

    @property
    def comments_open(self) -> bool:
        period = self.comment_period
        return period is not None and period.is_open

    @property
    def deadline(self):
        """The comment deadline of the period in progress."""
        period = self.comment_period
        return period.deadline if period else None

    @cached_property
    def circulated_revision(self):
        """The version last sent to the members for comments (None: never circulated)."""
        period = (
            CommentPeriodTaskState.objects.filter(workflow_state__in=self.workflow_states)
            .select_related("revision")
            .order_by("-started_at", "-pk")
            .first()
        )
        return period.revision if period else None

    @property
    def approved_at(self):
        return self.last_published_at if self.live else None

    @cached_property
    def approved_by(self):
        approval = self.approvals().first() if self.live else None
        return approval.finished_by if approval else None


class MinutesAttendance(Orderable):
    minutes = ParentalKey(Minutes, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("attendance"), max_length=12, choices=Attendance.choices, blank=True)
    substitute = models.CharField(_("substitute's name"), max_length=200, blank=True)


class MinutesEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Entries of the approved minutes in the members' area of their bodies; a confidential one (so
        marked, or about a confidential item) only for the core. The same rule on a revision's records
        in memory is `entry_is_confidential`, which `selectors.minutes_rows` applies."""
        meetings = groups_permissions.internal_reach(user).pages_below("minutes__meeting__")
        core = groups_permissions.participation_reach(user, administrators=True).pages_below("minutes__meeting__")
        confidential = Q(confidential=True) | Q(agenda_item__confidentiality=Confidentiality.CONFIDENTIAL)
        return self.filter(meetings & (~confidential | core))


class MinutesEntry(ClusterableModel, Orderable):
    """What the minutes say about one agenda item."""

    minutes = ParentalKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)

    objects = MinutesEntryQuerySet.as_manager()


class MinutesDecision(Orderable):
    """A decision as the minutes word it. Approval gives it its number (`Decision`); once numbered it is
    never removed from the minutes, only revoked with a reason."""

    entry = ParentalKey(MinutesEntry, on_delete=models.CASCADE, related_name="decisions")
    key = models.CharField(max_length=40)
    text = models.TextField(_("decision"))
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)


class MinutesTask(Orderable):
    entry = ParentalKey(MinutesEntry, on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField(max_length=40)
    what = models.TextField(_("task"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due = models.DateField(_("due"), null=True, blank=True)


def entry_is_confidential(entry: dict, item: AgendaItem | None) -> bool:
    """A minutes entry is confidential when marked so or when its agenda item is: unticking the box in
    the minutes form can never expose a case discussion."""
    return bool(entry.get("confidential")) or (
        item is not None and item.confidentiality == Confidentiality.CONFIDENTIAL
    )


class MinutesCommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Comments in the members' area of the minutes, beside the items this person may read."""
        meetings = groups_permissions.internal_reach(user).pages_below("minutes__meeting__")
        return self.filter(meetings).filter(
            Q(agenda_item__isnull=True) | Q(agenda_item__in=AgendaItem.objects.visible_to(user))
        )


class MinutesComment(models.Model):
    """A member's comment on an item of circulated minutes; replies thread under their parent."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the managers' daily digest of new comments took it in (each comment goes in one digest).
    digested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MinutesCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class DecisionCounter(models.Model):
    """The last decision number given in a body and year; locked while numbers are handed out."""

    body = models.ForeignKey(BodyPage, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_counter_per_body_year")]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last}"


DECISION_PREFIX = {BodyKind.WORKING_GROUP: "PS", BodyKind.ROUND_TABLE: "KS", BodyKind.SUBGROUP: "TS"}


def _register_visible_to(queryset, user):
    """Decisions and tasks of the approved minutes: in the members' area of their body; confidential
    ones (from a case discussion) only for the core."""
    internal = groups_permissions.internal_reach(user).bodies_q("body__")
    core = groups_permissions.participation_reach(user, administrators=True).bodies_q("body__")
    return queryset.filter(internal & (Q(confidential=False) | core))


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _register_visible_to(self, user)


class Decision(models.Model):
    """A numbered decision from approved minutes (`PS-2026-03`): numbers never repeat in a body and year."""

    body = models.ForeignKey(BodyPage, on_delete=models.PROTECT, related_name="decisions")
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, on_delete=models.SET_NULL, related_name="+")
    key = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=30)
    text = models.TextField(_("decision"))
    confidential = models.BooleanField(default=False)
    # A correction of approved minutes may withdraw a decision: it stays in the register, revoked.
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["year", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "sequence"], name="decision_number_unique_in_body_year"),
            models.UniqueConstraint(fields=["minutes", "key"], name="decision_key_unique_in_minutes"),
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:60]}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled by a correction of the minutes")


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """As decisions; and everyone sees the tasks given to them."""
        visible = _register_visible_to(self, user)
        return visible | self.filter(owner=user) if user.is_authenticated else visible

    def unfinished(self):
        return self.exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])

    def overdue(self, today: datetime.date | None = None):
        return self.unfinished().filter(due__lt=today or timezone.localdate())


class Task(models.Model):
    """A task from approved minutes: what, who (a person and/or an organisation), by when."""

    body = models.ForeignKey(BodyPage, on_delete=models.PROTECT, related_name="tasks")
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="tasks")
    agenda_item = models.ForeignKey(AgendaItem, null=True, on_delete=models.SET_NULL, related_name="+")
    key = models.CharField(max_length=40)
    what = models.TextField(_("task"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    confidential = models.BooleanField(default=False)
    last_reminded_on = models.DateField(null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        constraints = [models.UniqueConstraint(fields=["minutes", "key"], name="task_key_unique_in_minutes")]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
            and self.due is not None
            and self.due < timezone.localdate()
        )


class CalendarFeed(models.Model):
    """A person's private calendar address. The token is signed from `nonce`; a new nonce revokes it."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.person)


# --- The live meeting room ------------------------------------------------------------------------


class LiveRoom(models.Model):
    """A meeting while it is being held: which item is discussed since when, the speakers' queue, the
    polls. What is said and decided is not kept here but written straight into the minutes' working copy
    (`events.live`), so the room never holds anything the minutes do not."""

    meeting = models.OneToOneField(MeetingPage, on_delete=models.CASCADE, related_name="live_room")
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    current_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    item_started_at = models.DateTimeField(null=True, blank=True)
    queue_open = models.BooleanField(_("speakers' queue open"), default=True)
    # A public round table may let anyone follow its agenda as it goes (`events.live.public_state`).
    public = models.BooleanField(_("followed by the public"), default=False)
    # Members the manager has asked to take the notes: they record as the manager does.
    note_takers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    # Raised with every change; browsers ignore a state older than the one they show.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("live meeting room")
        verbose_name_plural = _("live meeting rooms")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SpeakerStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SPEAKING = "speaking", _("Has the floor")
    DONE = "done", _("Spoke")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SpeakerRequest(models.Model):
    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agenda_item = models.ForeignKey(AgendaItem, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=SpeakerStatus.choices, default=SpeakerStatus.WAITING)
    requested_at = models.DateTimeField(auto_now_add=True)
    floor_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            # One place in the queue per person: asking twice does not jump the queue.
            models.UniqueConstraint(
                fields=["room", "person"],
                condition=Q(status__in=["waiting", "speaking"]),
                name="one_place_in_the_queue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class Poll(models.Model):
    """A quick poll on the current item. The count per choice is kept on the poll itself; who voted is a
    ballot (so nobody votes twice), and only a named poll keeps what each voter chose (`PollVote`), so
    nothing stored pairs an anonymous ballot with its choices."""

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="polls")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list)
    multiple = models.BooleanField(_("several choices allowed"), default=False)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    tally = models.JSONField(default=list)  # votes per choice, in the order of `choices`
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs):
        if len(self.tally) != len(self.choices) and not self.tally:
            self.tally = [0] * len(self.choices)  # nobody has voted yet
        super().save(*args, **kwargs)


class PollBallot(models.Model):
    """That someone voted in a poll, not what."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="one_ballot_per_person")]

    def __str__(self) -> str:
        return f"{self.person}: {self.poll}"


class PollVote(models.Model):
    """What one voter chose in a named poll."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choices = models.JSONField(default=list)  # indexes into Poll.choices

    def __str__(self) -> str:
        return f"{self.poll}: {self.choices}"


class RoomCommand(models.Model):
    """Every command the room carried out, under the id the browser gave it: a command sent again after a
    dropped connection is recognised and not carried out twice. Also the room's log."""

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="commands")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "person", "client_id"], name="one_command_per_client_id")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.client_id})"
