"""The city's housing concept and its action plan: goals, measures, activities, indicators, and the
progress updates the deputy mayor approves.

Only the concept is a Wagtail page (it is the public tracker, `/akcni-plan/`, with its translation).
Goals, measures, activities and indicators are plain rows under it: a city keeps a hundred or more
measures, imports them from a spreadsheet and reports on each twice a year; a page per measure would
put a second approval (page moderation) beside the chair's and make every list a tree walk. Progress
updates run on the one approval engine (`groups.workflows`): the row of an update is its approved
(live) version, so the public reads rows with `live=True` and nothing else.
"""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, prefetch_related_objects
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page, WorkflowState

from events.storage import download_name, private_document_field
from groups import permissions as groups_permissions
from groups.models import BodyPage, Membership, Organisation
from groups.workflows import Approvable
from portal.locales import language_of

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class ConceptPage(RoutablePageMixin, Page):
    """The local social-housing concept (Koncepce sociálního bydlení) with its action plan, and the
    public tracker of its fulfilment. The plan's rows hang on the page in the default language; a
    translation shows the same plan (`plan`)."""

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link", "ul", "ol"], blank=True)
    period_from = models.PositiveSmallIntegerField(_("period from (year)"))
    period_to = models.PositiveSmallIntegerField(_("period to (year)"))
    resolution = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("The council resolution that adopted it, e.g. “usnesení ZM č. 1234/ZM1822/22”."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("the concept document"),
    )  # fmt: skip
    body = models.ForeignKey(
        BodyPage,
        on_delete=models.PROTECT,
        related_name="concepts",
        verbose_name=_("monitored by"),
        help_text=_("The working group that monitors the plan; its chair approves the progress updates."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("period_from"), FieldPanel("period_to")], heading=_("Period")),
        FieldPanel("resolution"),
        FieldPanel("document"),
        FieldPanel("body"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("housing concept and action plan")
        verbose_name_plural = _("housing concepts and action plans")

    def clean(self):
        super().clean()
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("The period cannot end before it starts.")})

    @cached_property
    def plan(self) -> "ConceptPage":
        """The page the plan's rows belong to: this one, or the default-language original of a translation."""
        if language_of(self) == settings.LANGUAGE_CODE:
            return self
        original = ConceptPage.objects.filter(
            translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
        ).first()
        return original or self

    # Sub-URLs answer to the Czech and the English word alike; links use the page language's word.
    @re_path(r"^$", name="overview")
    def overview(self, request):
        from action_plan import views

        return views.tracker(request, self)

    @re_path(r"^(?:opatreni|measures)/(?P<slug>[-\w]{1,20})/$", name="measure")
    def measure(self, request, slug):
        from action_plan import views

        return views.measure_detail(request, self, slug)

    @re_path(r"^(?:revize|revisions)/$", name="revisions")
    def revisions_page(self, request):
        from action_plan import views

        return views.public_revisions(request, self)

    @re_path(r"^export/(?P<format>csv|xlsx|json)/$", name="export")
    def export(self, request, format):
        from action_plan import views

        return views.export(request, self, format)

    def get_sitemap_urls(self, request=None):
        """The tracker, and a page per measure in force (their contents are approved data only)."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        segment = "measures" if language_of(self) == "en" else "opatreni"
        slugs = Measure.objects.current().filter(goal__concept=self.plan).values_list("slug", flat=True)
        return urls + [{"location": f"{base}{segment}/{slug}/", "lastmod": self.last_published_at} for slug in slugs]

    def measure_url(self, measure: "Measure", request=None) -> str:
        # The tracker links every measure: the page's own address is worked out once per instance.
        if "_measures_url" not in self.__dict__:
            segment = "measures" if language_of(self) == "en" else "opatreni"
            self.__dict__["_measures_url"] = f"{self.get_url(request) or ''}{segment}/"
        return f"{self.__dict__['_measures_url']}{measure.slug}/"


class Goal(models.Model):
    """A numbered priority area or goal of the concept."""

    concept = models.ForeignKey(ConceptPage, on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["concept", "number"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "number"],
                name="one_goal_per_number",
                violation_error_message=_("The concept already has a goal with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


class MeasureQuerySet(models.QuerySet):
    def current(self):
        """Measures of the plan in force (retired ones stay for their history)."""
        return self.filter(retired_at__isnull=True)

    def with_public_status(self):
        """Each measure with the status and period end of its latest approved update (None: none yet)."""
        latest = ProgressUpdate.objects.approved().filter(measure=OuterRef("pk")).order_by("-period_end", "-pk")
        return self.annotate(
            public_status=Subquery(latest.values("status")[:1]),
            reported_until=Subquery(latest.values("period_end")[:1]),
        )


def code_order(code: str) -> str:
    """A measure's code as it sorts in the plan: each number padded with zeros, so that 2.9 comes before
    2.10 and 10.1 after 9.4 (as text, "2.10" < "2.9")."""
    return "".join(part.zfill(10) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", code))


class Measure(models.Model):
    """A measure of the action plan (opatření), e.g. "2.3", with who is responsible, when, and the money."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="measures", verbose_name=_("goal"))
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("As in the plan, e.g. 2.3: digits and dots, letters if the plan uses them."),
    )
    # The code in an address: "2-3" for "2.3" (Wagtail's page routing takes no dots).
    slug = models.SlugField(max_length=20, editable=False)
    # The code as the plan orders it: 2.9 before 2.10 (`code_order`).
    code_order = models.CharField(max_length=255, editable=False, default="")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_measures", verbose_name=_("responsible organisation")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_measures", verbose_name=_("partner organisations")
    )
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)
    planned_budget = models.DecimalField(
        _("planned budget (CZK)"), null=True, blank=True, validators=[MinValueValidator(0)], **AMOUNT
    )
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    inspirations = models.ManyToManyField(
        "knowledge_base.GoodPracticePage", blank=True, related_name="+", verbose_name=_("inspired by (good practice)")
    )
    retired_at = models.DateField(_("retired on"), null=True, blank=True)
    retired_reason = models.TextField(_("why it was retired"), blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["goal__number", "code_order"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "code"],
                name="one_measure_per_code",
                violation_error_message=_("The plan already has a measure with this code."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="measure_ends_after_it_starts",
                violation_error_message=_("The measure cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.slug = slugify(self.code.replace(".", "-"))
        self.code_order = code_order(self.code)
        super().save(*args, **kwargs)

    @property
    def concept(self) -> ConceptPage:
        return self.goal.concept

    def reportable_indicators(self) -> list["Indicator"]:
        """What an update of this measure reports values of: its own indicators and its goal's."""
        return list(Indicator.objects.filter(Q(measure=self) | Q(goal_id=self.goal_id)).order_by("measure", "position"))

    def responsible_organisation_ids(self) -> set[int]:
        return {self.lead_organisation_id, *(organisation.pk for organisation in self.partners.all())}

    @staticmethod
    def responsible_organisations_of(measures: list["Measure"]) -> dict[int, set[int]]:
        """`responsible_organisation_ids` of many measures in one query, the partners read as pairs of
        ids: a plan of hundreds of measures would otherwise build a related manager for each."""
        responsible = {measure.pk: {measure.lead_organisation_id} for measure in measures}
        partners = Measure.partners.through.objects.filter(measure__in=list(responsible))
        for measure_id, organisation_id in partners.values_list("measure_id", "organisation_id"):
            responsible[measure_id].add(organisation_id)
        return responsible

    def get_members_area_url(self) -> str:
        return reverse("action_plan:measure", args=[self.pk])


class StrategyLink(models.Model):
    """A goal of a higher-level strategy (national, regional) that the measure serves, with its source."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="strategy_links")
    strategy = models.CharField(_("strategy"), max_length=255)
    goal = models.CharField(_("its goal or measure"), max_length=255)
    source = models.URLField(_("source"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("link to a higher-level strategy")
        verbose_name_plural = _("links to higher-level strategies")

    def __str__(self) -> str:
        return f"{self.strategy}: {self.goal}"


class MeasureLink(models.Model):
    """Where a measure was discussed: an agenda item, a decision or a task of the monitoring body's
    meetings. Kept here, not in the meetings app: the action plan builds on meetings, not the reverse.
    Who may see each side is the meetings' own rule (`visible_to`)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="links")
    agenda_item = models.ForeignKey(
        "events.AgendaItem", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    decision = models.ForeignKey("events.Decision", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey("events.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("link to a meeting")
        verbose_name_plural = _("links to meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(agenda_item__isnull=False, decision__isnull=True, task__isnull=True)
                | Q(agenda_item__isnull=True, decision__isnull=False, task__isnull=True)
                | Q(agenda_item__isnull=True, decision__isnull=True, task__isnull=False),
                name="measure_link_to_one_thing",
            ),
            models.UniqueConstraint(fields=["measure", "agenda_item"], name="one_link_per_item"),
            models.UniqueConstraint(fields=["measure", "decision"], name="one_link_per_decision"),
            models.UniqueConstraint(fields=["measure", "task"], name="one_link_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} – {self.agenda_item or self.decision or self.task}"


class PlanReminder(models.Model):
    """The reminders before one meeting of the monitoring body went out (`monitoring.reminders_send`)."""

    meeting = models.OneToOneField("events.MeetingPage", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.meeting)


class Activity(models.Model):
    """A step under a measure, where the city plans at that level."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["measure", "position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Indicator(models.Model):
    """What is measured for a measure (or a whole goal): baseline and target, and which way is better.
    Its values over time come with the approved progress updates (`IndicatorValue`)."""

    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. flats, households, persons, %"))
    baseline_value = models.DecimalField(_("baseline"), null=True, blank=True, **AMOUNT)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_source = models.CharField(_("baseline source"), max_length=255, blank=True)
    target_value = models.DecimalField(_("target"), null=True, blank=True, **AMOUNT)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=True, measure__isnull=False) | Q(goal__isnull=False, measure__isnull=True),
                name="indicator_of_a_goal_or_a_measure",
                violation_error_message=_("An indicator belongs to a goal or to a measure."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=models.F("baseline_year")),
                name="indicator_target_after_baseline",
                violation_error_message=_("The target year cannot be before the baseline year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the chair's approval")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    CHANGED = "changed", _("Approved; changes wait for approval")


class ProgressUpdateQuerySet(models.QuerySet):
    def approved(self):
        """What the public may read: approved updates (their rows hold the approved version)."""
        return self.filter(live=True)

    def visible_to(self, user):
        """Approved updates for everyone; drafts and submitted ones for the monitoring body's people and
        for those who report on the measure (`permissions.reporting_organisation_ids`, as a filter)."""
        if not user.is_authenticated or not user.is_active:
            return self.approved()
        internal = groups_permissions.internal_reach(user).bodies_q("measure__goal__concept__body__")
        reporting = Membership.objects.active().filter(
            person=user,
            role__in=groups_permissions.PARTICIPANT_ROLES,
            body__path__startswith=OuterRef("measure__goal__concept__body__path"),
        )
        responsible = Exists(reporting.filter(organisation=OuterRef("measure__lead_organisation"))) | Exists(
            reporting.filter(organisation__partner_measures=OuterRef("measure"))
        )
        return self.filter(Q(live=True) | internal | responsible)

    def waiting_or_approved(self):
        """Submitted to the chair or approved: what counts as reported."""
        return self.filter(Q(live=True) | Q(_workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)).distinct()


class ProgressUpdate(Approvable, ClusterableModel):
    """A responsible organisation's report on a measure for one reporting period: status, what was
    done, indicator values, money spent, evidence. Drafted by a member of the organisation, approved
    by the chair of the body that monitors the plan (the deputy mayor), or returned with a comment.

    Until the first approval the row is the draft itself; once approved the row is the approved
    version, and later changes are revisions until approved again (`working_copy`)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="updates", verbose_name=_("measure"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    narrative = models.TextField(_("what was done"))
    spent = models.DecimalField(
        _("spent in the period (CZK)"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))], **AMOUNT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("drafted by")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="progress_updates", verbose_name=_("reported by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_start"],
                name="one_update_per_measure_and_period",
                violation_error_message=_("There is already an update of this measure for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="update_period_ends_after_it_starts",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return _("Update of measure %(code)s for %(period)s") % {"code": self.measure.code, "period": self.period_label}

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    @property
    def approval_body(self) -> BodyPage:
        return self.measure.goal.concept.body

    @classmethod
    def read_approval_bodies(cls, objects: list) -> None:
        """The measures of many updates with their goal, plan and monitoring body: one joined query."""
        measures = Measure.objects.select_related("goal__concept__body")
        prefetch_related_objects(objects, models.Prefetch("measure", measures))

    def get_members_area_url(self) -> str:
        return reverse("action_plan:update", args=[self.pk])

    @property
    def state(self) -> str:
        if self.workflow_in_progress:
            return UpdateState.SUBMITTED
        if self.return_comment:
            return UpdateState.RETURNED
        if self.live:
            return UpdateState.CHANGED if self.has_unpublished_changes else UpdateState.APPROVED
        return UpdateState.DRAFT

    def get_state_display(self) -> str:
        return UpdateState(self.state).label

    def working_copy(self) -> "ProgressUpdate":
        """What its author edits: the latest revision of an approved update changed since, else the row."""
        if self.live and self.has_unpublished_changes and self.latest_revision_id:
            return self.get_latest_revision_as_object()
        return self


class RevisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the chair's approval")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved and in force")


class PlanRevisionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(live=True)


class PlanRevision(Approvable, ClusterableModel):
    """An update of the action plan (aktualizace): measures added, changed or retired, approved by the
    chair of the monitoring body as one change set. Until approval the plan's rows are untouched; the
    approval applies the changes (`services.revision_apply`), and each change keeps what the measure was
    before, so the public can compare the plan with its previous version."""

    concept = models.ForeignKey(ConceptPage, on_delete=models.CASCADE, related_name="plan_revisions")
    title = models.CharField(_("title"), max_length=255, help_text=_("e.g. “Update of the action plan 2026”"))
    reason = models.TextField(_("why the plan changes"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PlanRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision of the action plan")
        verbose_name_plural = _("revisions of the action plan")

    def __str__(self) -> str:
        return self.title

    @property
    def approval_body(self) -> BodyPage:
        return self.concept.body

    @classmethod
    def read_approval_bodies(cls, objects: list) -> None:
        prefetch_related_objects(objects, "concept__body")

    def get_members_area_url(self) -> str:
        return reverse("action_plan:revision", args=[self.pk])

    @property
    def state(self) -> str:
        if self.workflow_in_progress:
            return RevisionState.SUBMITTED
        if self.return_comment:
            return RevisionState.RETURNED
        return RevisionState.APPROVED if self.live else RevisionState.DRAFT

    def get_state_display(self) -> str:
        return RevisionState(self.state).label


class ChangeKind(models.TextChoices):
    ADD = "add", _("Added")
    CHANGE = "change", _("Changed")
    RETIRE = "retire", _("Retired")


class PlanChange(models.Model):
    """One measure added, changed or retired by a revision. The measure's new values are here; for a
    change or a retirement, `before` keeps its values as they were when the revision was approved."""

    revision = ParentalKey(PlanRevision, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=10, choices=ChangeKind.choices)
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_changes", verbose_name=_("measure")
    )
    goal_number = models.PositiveSmallIntegerField(_("goal number"), null=True, blank=True)
    goal_title = models.CharField(_("goal (a new one)"), max_length=255, blank=True)
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("responsible organisation"),
    )  # fmt: skip
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)
    planned_budget = models.DecimalField(_("planned budget (CZK)"), null=True, blank=True, **AMOUNT)
    reason = models.TextField(_("why"), blank=True)
    before = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("change of the plan")
        verbose_name_plural = _("changes of the plan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.code or (self.measure.code if self.measure_id else '')}"

    @property
    def adds(self) -> bool:
        return self.kind == ChangeKind.ADD

    @property
    def changes(self) -> bool:
        return self.kind == ChangeKind.CHANGE

    # The measure's fields a change may set (and `before` records).
    FIELDS = ("title", "description", "lead_organisation_id", "start_year", "end_year", "planned_budget")


class IndicatorValue(models.Model):
    """A value of an indicator, reported with a progress update and public once the update is approved."""

    update = ParentalKey(ProgressUpdate, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("value"), **AMOUNT)
    date = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value}"


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """As its update (`ProgressUpdate.objects.visible_to`): an approved update's evidence is public."""
        return self.filter(update__in=ProgressUpdate.objects.visible_to(user))


class Evidence(models.Model):
    """What shows the work: a link (a report, a council resolution, an article) or a document, kept
    outside the public media folder and served by a view that asks `visible_to`."""

    update = ParentalKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("address"), blank=True)
    file = private_document_field("action-plan/%Y/", verbose_name=_("document"), blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return download_name(self.title, self.file, "doklad")


def period_label(start: datetime.date, end: datetime.date) -> str:
    """“1. pololetí 2026” for a calendar half-year, “2026” for a year, else the dates."""
    if start.year == end.year and (start.month, start.day) == (1, 1):
        if (end.month, end.day) == (6, 30):
            return _("1st half of %(year)s") % {"year": start.year}
        if (end.month, end.day) == (12, 31):
            return str(start.year)
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (7, 1, 12, 31):
        return _("2nd half of %(year)s") % {"year": start.year}
    return f"{start.day}.\u00a0{start.month}.\u00a0{start.year} – {end.day}.\u00a0{end.month}.\u00a0{end.year}"
