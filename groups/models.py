"""Organisations, bodies (working group, round table, sub-group), memberships and invitations."""

import datetime
import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester, RevisionMixin
from wagtail.search import index

from portal import public_parts
from portal.hooks import sections
from portal.locales import language_of


class OrganisationKind(models.TextChoices):
    SOCIAL_DEPARTMENT = "social_department", _("City office – social department")
    HOUSING_DEPARTMENT = "housing_department", _("City office – property or housing department")
    DISTRICT_OFFICE = "district_office", _("District office")
    POLITICAL = "political", _("Deputy mayor's office / political representation")
    LABOUR_OFFICE = "labour_office", _("Labour Office")
    MINISTRY = "ministry", _("Ministry or state agency")
    NGO = "ngo", _("NGO / social service provider")
    LANDLORD = "landlord", _("Private landlord / housing company")
    HEALTH = "health", _("Health facility")
    CHILD_PROTECTION = "child_protection", _("Child-protection body (OSPOD)")
    SCHOOL = "school", _("School")
    POLICE = "police", _("Police / crime-prevention assistants")
    RESEARCH = "research", _("University / research")
    CITIZENS = "citizens", _("Citizens' association")
    LIVED_EXPERIENCE = "lived_experience", _("People with lived experience of housing need")
    OTHER = "other", _("Other")


class Organisation(RevisionMixin, index.Indexed, models.Model):
    """An organisation whose people sit in the bodies; a snippet with revisions."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("public description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("short_name"), index.FilterField("kind")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class BodyKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group")
    ROUND_TABLE = "round_table", _("Round table")
    SUBGROUP = "subgroup", _("Thematic sub-group")


class AgendaKind(models.TextChoices):
    """The four kinds of agenda item of the Ostrava model (seed 004)."""

    INFORMATIONAL = "informational", _("Informational")
    EDUCATIONAL = "educational", _("Educational")
    MONITORING = "monitoring", _("Working / monitoring")
    DEVELOPMENT = "development", _("Development / system")


def all_agenda_kinds() -> list[str]:
    return [kind.value for kind in AgendaKind]


class GroupsIndexPage(Page):
    """The public list of the city's working groups and round tables."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["groups.BodyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("list of working groups")

    def permissions_for_user(self, user):
        return GroupsIndexPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from groups.selectors import bodies_for_index

        context = super().get_context(request, *args, **kwargs)
        context["bodies"] = bodies_for_index(self)
        return context


def body_placement_error(parent, kind: str):
    """Sub-groups sit under a working group; working groups and round tables under the list page."""
    if isinstance(parent, BodyPage):
        if parent.kind != BodyKind.WORKING_GROUP or kind != BodyKind.SUBGROUP:
            return _("Only thematic sub-groups sit under a body, and only under a working group.")
    elif kind == BodyKind.SUBGROUP:
        return _("A thematic sub-group belongs under its working group.")
    return None


class BodyPageForm(WagtailAdminPageForm):
    agenda_kinds = forms.MultipleChoiceField(
        label=_("Agenda kinds used"),
        choices=AgendaKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        parent = getattr(self, "parent_page", None)
        if parent is not None and not self.instance.pk:
            error = body_placement_error(parent.specific, cleaned.get("kind"))
            if error:
                self.add_error("kind", error)
        return cleaned


# The apps built on groups add to a body's pages through these hooks (groups imports none of them): each
# registered function returns a `portal.hooks.Section` or None, rendered in the page's context.
# The public page, below the sub-groups; called with (request, body), the default-language body page. Its
# sections are kept with the page's part that is the same for every visitor (`portal.public_parts`): they
# must not depend on who asks.
BODY_PAGE_SECTIONS_HOOK = "groups_body_page_sections"
# The members' space of a body (groups/views.py), called with (request, body); the page's context holds
# `body` and `can_manage`. Links go into the toolbar at its top, after "Invite a member"; sections follow
# the toolbar, before the members.
BODY_INTERNAL_LINKS_HOOK = "groups_body_internal_links"
BODY_INTERNAL_SECTIONS_HOOK = "groups_body_internal_sections"
# The members' area (groups/views.py), called with (request): between one's invitations and one's groups.
DASHBOARD_SECTIONS_HOOK = "groups_dashboard_sections"


class BodyPage(Page):
    """A working group, round table or thematic sub-group with its public page."""

    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices, default=BodyKind.WORKING_GROUP)
    mandate = RichTextField(_("mandate"), features=["bold", "italic", "ol", "ul", "link"], blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings a year"),
        default=2,
        help_text=_("The Ostrava model: two working-group meetings and two round tables a year."),
    )
    agenda_kinds = models.JSONField(_("agenda kinds used"), default=all_agenda_kinds, blank=True)
    contact = models.TextField(
        _("public contact"),
        blank=True,
        help_text=_("An office address or e-mail; members' own contacts are never public."),
    )

    base_form_class = BodyPageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("meetings_per_year"), FieldPanel("agenda_kinds")], heading=_("Format")
        ),
        FieldPanel("mandate"),
        FieldPanel("contact"),
    ]
    search_fields = Page.search_fields + [index.SearchField("mandate")]
    parent_page_types = ["groups.GroupsIndexPage", "groups.BodyPage"]
    subpage_types = ["groups.BodyPage", "events.MeetingPage"]

    class Meta:
        verbose_name = _("working group or round table")
        verbose_name_plural = _("working groups and round tables")

    def clean(self):
        super().clean()
        if self.pk:  # new pages are checked by BodyPageForm, which knows the parent
            error = body_placement_error(self.get_parent().specific, self.kind)
            if error:
                raise ValidationError({"kind": error})

    def permissions_for_user(self, user):
        return BodyPagePermissionTester(user, self)

    @cached_property
    def register_body(self) -> "BodyPage":
        """The page memberships point at: the default-language one (translations share its register)."""
        if language_of(self) == settings.LANGUAGE_CODE:
            return self
        original = BodyPage.objects.filter(
            translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
        ).first()
        return original or self

    @property
    def requires_council_resolution(self) -> bool:
        """Working-group membership is approved by the city council (seed 004); round tables' is not."""
        return self.kind == BodyKind.WORKING_GROUP

    def get_agenda_kind_labels(self) -> list[str]:
        labels = dict(AgendaKind.choices)
        return [labels[kind] for kind in self.agenda_kinds if kind in labels]

    def get_context(self, request, *args, **kwargs):
        """Below the header the page is the same for every visitor (who leads, who takes part, the public
        meetings): a kept part (`portal.public_parts`). The way to the members' space is each visitor's."""
        from groups.permissions import can_view_internal
        from groups.selectors import body_public_summary

        def public_part() -> dict:
            sections_shown = sections(BODY_PAGE_SECTIONS_HOOK, request, self.register_body)
            return {**body_public_summary(self), "body_sections": sections_shown}

        context = super().get_context(request, *args, **kwargs)
        context["public_part"] = public_parts.kept_html(
            request, "body-public", self, "groups/includes/body_public.html", public_part
        )
        context["register_body"] = self.register_body
        context["can_view_internal"] = can_view_internal(request.user, self.register_body)
        return context


class BodyPagePermissionTester(PagePermissionTester):
    """Wagtail's page rights, narrowed by the groups rule: only the body's leaders (and
    administrators) change a body's page, whatever wider page permissions a group may hold."""

    def _may_lead(self) -> bool:
        from groups.permissions import can_edit_body_page

        return can_edit_body_page(self.user, self.page)

    def can_edit(self):
        return super().can_edit() and self._may_lead()

    def can_publish(self):
        return super().can_publish() and self._may_lead()

    def can_unpublish(self):
        return super().can_unpublish() and self._may_lead()

    def can_add_subpage(self):
        return super().can_add_subpage() and self._may_lead()

    def can_lock(self):
        return super().can_lock() and self._may_lead()

    def can_unlock(self):
        return super().can_unlock() and self._may_lead()

    def can_delete(self, ignore_bulk=False):
        # Memberships point at bodies and are never deleted, so neither are bodies (but by administrators).
        return self.user.is_superuser and super().can_delete(ignore_bulk)


class GroupsIndexPermissionTester(PagePermissionTester):
    """A new working group or round table exists by a council decision: administrators create it."""

    def can_add_subpage(self):
        return self.user.is_superuser and super().can_add_subpage()


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MANAGER = "manager", _("Group manager")
    MEMBER = "member", _("Member")
    SUBSTITUTE = "substitute", _("Substitute member")
    GUEST = "guest", _("Permanent guest")


ROLE_FOR_ADMINISTRATORS = _(
    "Chairs and group managers are recorded by an administrator, with the council's resolution where it applies."
)
CHAIR_NEEDS_RESOLUTION = _("The chair of a working group needs the council resolution that approved the membership.")


def lacks_council_resolution(body: BodyPage, role: str, number: str, date) -> bool:
    """A working group's chair is approved by the city council (seed 004); the record must say how."""
    return body.requires_council_resolution and role == Role.CHAIR and not (number and date)


class MembershipQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """In force on the day: started, and not yet at its end date (the end date is the first day without)."""
        day = on or timezone.localdate()
        return self.filter(term_start__lte=day, person__is_active=True).filter(
            models.Q(term_end__isnull=True) | models.Q(term_end__gt=day)
        )


class Membership(models.Model):
    """Who sits in which body, for whom, in which role, since when, on whose authority. Never deleted."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organisation represented")
    )
    body = models.ForeignKey(BodyPage, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("body"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term start"), default=timezone.localdate)
    term_end = models.DateField(
        _("term end"), null=True, blank=True, help_text=_("The first day without membership; empty while it lasts.")
    )
    resolution_number = models.CharField(_("council resolution number"), max_length=60, blank=True)
    resolution_date = models.DateField(_("council resolution date"), null=True, blank=True)
    resolution_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("council resolution document"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__path", "role", "person__last_name", "person__first_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body", "role"],
                condition=models.Q(term_end__isnull=True),
                name="one_open_membership_per_person_body_role",
                violation_error_message=_("This person already holds this role in this body."),
            ),
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                name="membership_term_end_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.body.title}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.term_start <= today and (self.term_end is None or self.term_end > today)

    def clean(self):
        errors = {}
        if self.term_end and self.term_start and self.term_end < self.term_start:
            errors["term_end"] = _("The term cannot end before it starts.")
        body = self.body if self.body_id else None
        if body is not None and lacks_council_resolution(body, self.role, self.resolution_number, self.resolution_date):
            errors["resolution_number"] = CHAIR_NEEDS_RESOLUTION
        if not errors and body is not None and self.person_id and self.term_start:
            overlapping = Membership.objects.filter(person_id=self.person_id, body=body, role=self.role).exclude(
                pk=self.pk
            )
            overlapping = overlapping.filter(models.Q(term_end__isnull=True) | models.Q(term_end__gt=self.term_start))
            if self.term_end:
                overlapping = overlapping.filter(term_start__lt=self.term_end)
            if overlapping.exists():
                errors["role"] = _("This person already holds this role in this body for that period.")
        if errors:
            raise ValidationError(errors)


INVITATION_VALID_DAYS = 14


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A manager's invitation of a person, by e-mail, to a body in a role. Single-use, expiring."""

    email = models.EmailField(_("e-mail"))
    body = models.ForeignKey(BodyPage, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("body"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation represented")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    resolution_number = models.CharField(_("council resolution number"), max_length=60, blank=True)
    resolution_date = models.DateField(_("council resolution date"), null=True, blank=True)
    message = models.TextField(_("message to the invitee"), blank=True)
    # Only a hash is stored: the link itself exists only in the e-mail.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    membership = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="invitation", editable=False
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.body.title}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self) -> str:
        return str(INVITATION_STATUS_LABELS[self.status])


INVITATION_STATUS_LABELS = {
    "pending": _("waiting"),
    "accepted": _("accepted"),
    "revoked": _("revoked"),
    "expired": _("expired"),
}


class PrivateCollection(models.Model):
    """A Wagtail document collection private to a body: its documents (and those of the collections
    below it) are read by the body's people and administrators only (`permissions.can_read_document`).
    Made by `groups.documents.private_collection_for`, which also gives the collection Wagtail's login
    restriction, so that taking the assignment away leaves it readable by administrators only."""

    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.CASCADE, related_name="private_to", verbose_name=_("collection")
    )
    body = models.ForeignKey(
        BodyPage,
        on_delete=models.CASCADE,
        related_name="private_collections",
        verbose_name=_("working group or round table"),
    )

    class Meta:
        verbose_name = _("private document collection")
        verbose_name_plural = _("private document collections")

    def __str__(self) -> str:
        return f"{self.collection.name} – {self.body.title}"


# The approval engine's task types are models of this app, kept with their rules in one module.
from groups.workflows import ChairApprovalTask, CommentPeriodTask, CommentPeriodTaskState  # noqa: E402, F401
