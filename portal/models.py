"""Models of the site core: the user account, notifications, the generic pages and site settings."""

from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BodyBlock


class User(AbstractUser):
    """People sign in by e-mail; their rights come from memberships, never from signing up."""

    email = models.EmailField(_("e-mail address"), unique=True)
    title = models.CharField(_("academic title"), max_length=40, blank=True, help_text=_("E.g. Mgr., Ing., Bc."))
    position = models.CharField(
        _("position"), max_length=150, blank=True, help_text=_("E.g. head of the social affairs department.")
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        """The name as registers, minutes and e-mails give it, with the title before it (Mgr. Jana Nová)."""
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{self.title} {name}" if name and self.title else name

    @property
    def public_name(self) -> str:
        """What public pages may say about a person: the name they gave, never their e-mail."""
        return self.get_full_name()


class Notification(models.Model):
    """One line in a user's notification stream; delivered live over /ws/notifications/."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title


class HomePage(Page):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        """The front door: what the apps show of what happens next and lately (`HOME_SECTIONS_HOOK`),
        kept like the site's frame until public content changes (a dozen queries, once). What is kept
        is the sections' HTML: their pages and query sets would cost more to read back than to render."""
        from portal import page_cache

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = page_cache.remember(("home-sections", self.pk), lambda: self._sections(request))
        return context

    def _sections(self, request) -> list[str]:
        from portal.hooks import HOME_SECTIONS_HOOK, sections

        return [section.render_alone(request) for section in sections(HOME_SECTIONS_HOOK, request, self)]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class StandardPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


WEEKDAY_CHOICES = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class ConsultationHoursBlock(blocks.StructBlock):
    weekday = blocks.ChoiceBlock(label=_("Day"), choices=WEEKDAY_CHOICES)
    opens = blocks.TimeBlock(label=_("From"))
    closes = blocks.TimeBlock(label=_("To"))


@register_setting(icon="mail")
class ContactSettings(BaseSiteSetting):
    """The contact centre shown in every page footer and on the contact page."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("what it offers"), blank=True)
    # The English pages' footer says these in English; empty, it falls back to the Czech.
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_en = models.TextField(_("what it offers, in English"), blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consultation_hours = StreamField(
        [("hours", ConsultationHoursBlock())], verbose_name=_("consultation hours"), blank=True
    )
    consultation_note = RichTextField(_("note on consultations"), features=["bold", "italic", "link"], blank=True)
    consultation_note_en = RichTextField(
        _("note on consultations, in English"), features=["bold", "italic", "link"], blank=True
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("description"), FieldPanel("name_en"), FieldPanel("description_en")],
            heading=_("Contact centre"),
        ),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contacts")),
        MultiFieldPanel(
            [FieldPanel("consultation_hours"), FieldPanel("consultation_note"), FieldPanel("consultation_note_en")],
            heading=_("Consultation hours"),
        ),
    ]

    def in_language(self, field: str, language: str) -> str:
        """The field's text for a page in `language`: the English variant where there is one."""
        english = getattr(self, f"{field}_en", "") if language == "en" else ""
        return english or getattr(self, field)

    class Meta:
        verbose_name = _("contact centre")


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """Links at the foot of every page (accessibility statement, personal data, ...)."""

    links = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page")))], verbose_name=_("footer links"), blank=True
    )
    panels = [FieldPanel("links")]

    class Meta:
        verbose_name = _("footer")


@register_setting(icon="home")
class OperatorSettings(BaseSiteSetting):
    """Whose portal it is: the city or organisation that runs it. Heads the print views and the PDFs
    filed in the city's records (`portal.pdf.letterhead`) and speaks in the accessibility statement.
    Not the contact centre, which is the ministry's project and stays in the footer."""

    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("E.g. Statutární město Ostrava."))
    office = models.CharField(_("office"), max_length=200, blank=True, help_text=_("E.g. Magistrát města Ostravy."))
    department = models.CharField(
        _("department"), max_length=200, blank=True, help_text=_("E.g. odbor sociálních věcí.")
    )
    address = models.TextField(_("postal address"), blank=True)
    web = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    data_box = models.CharField(
        _("data box ID"), max_length=7, blank=True, help_text=_("Seven characters, e.g. 5zubv7w.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Shown at the head of print views and PDFs; its text alternative is the operator's name."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("office"), FieldPanel("department"), FieldPanel("logo")],
            heading=_("Operator"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("web"), FieldPanel("email"), FieldPanel("data_box")],
            heading=_("Contacts"),
        ),
    ]

    class Meta:
        verbose_name = _("operator")

    def __str__(self) -> str:
        return self.name


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("Fully compliant")
    PARTIAL = "partial", _("Partially compliant")
    NONE = "none", _("Not compliant")


class InaccessibleReason(models.TextChoices):
    """The three grounds the statement distinguishes (law 99/2019 Sb., decree 523/2020 Sb.)."""

    NON_COMPLIANCE = "non_compliance", _("Non-compliance with the law")
    DISPROPORTIONATE_BURDEN = "disproportionate_burden", _("Disproportionate burden")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the scope of the law")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("Self-assessment")
    THIRD_PARTY = "third_party", _("Assessment by a third party")


class InaccessibleContentBlock(blocks.StructBlock):
    content = blocks.TextBlock(label=_("What is not accessible"))
    reason = blocks.ChoiceBlock(label=_("Why"), choices=InaccessibleReason.choices)
    detail = blocks.TextBlock(
        label=_("Details"),
        required=False,
        help_text=_(
            "Which requirements are not met, why the burden would be disproportionate, or which exemption applies."
        ),
    )
    alternative = blocks.TextBlock(label=_("Accessible alternative"), required=False)

    class Meta:
        icon = "warning"
        label = _("Inaccessible content")


class AccessibilityStatementPage(Page):
    """The accessibility statement in the structure law 99/2019 Sb. and decree 523/2020 Sb. ask for:
    each part is a field the operator fills, the legal sentences come from the page type."""

    operator_name = models.CharField(
        _("who commits"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the operator's name from the site settings."),
    )
    scope_url = models.URLField(_("website covered"), blank=True, help_text=_("Empty: the address of this site."))
    compliance_status = models.CharField(
        _("compliance status"), max_length=20, choices=ComplianceStatus.choices, default=ComplianceStatus.PARTIAL
    )
    inaccessible_content = StreamField(
        [("item", InaccessibleContentBlock())], verbose_name=_("inaccessible content"), blank=True
    )
    prepared_on = models.DateField(_("statement prepared on"))
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    assessment_method = models.CharField(
        _("method of assessment"), max_length=20, choices=AssessmentMethod.choices, default=AssessmentMethod.SELF
    )
    assessment_details = RichTextField(
        _("how it was assessed"),
        features=["bold", "italic", "ol", "ul", "link"],
        blank=True,
        help_text=_("By whom, with which tools and checks, and what they cover."),
    )
    feedback_name = models.CharField(_("contact person or department"), max_length=200, blank=True)
    feedback_email = models.EmailField(_("e-mail"), blank=True)
    feedback_phone = models.CharField(_("phone"), max_length=40, blank=True)
    response_days = models.PositiveSmallIntegerField(_("response time in days"), default=30)
    enforcement_body = models.CharField(
        _("supervisory body"),
        max_length=200,
        blank=True,
        help_text=_("The body that supervises compliance with law 99/2019 Sb."),
    )
    enforcement_address = models.TextField(_("its postal address"), blank=True)
    enforcement_email = models.EmailField(_("its e-mail"), blank=True)
    enforcement_web = models.URLField(_("its website"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("further information"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("operator_name"), FieldPanel("scope_url")], heading=_("Commitment and scope")),
        FieldPanel("compliance_status"),
        FieldPanel("inaccessible_content"),
        MultiFieldPanel(
            [
                FieldPanel("prepared_on"),
                FieldPanel("reviewed_on"),
                FieldPanel("assessment_method"),
                FieldPanel("assessment_details"),
            ],
            heading=_("Preparation of this statement"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_name"),
                FieldPanel("feedback_email"),
                FieldPanel("feedback_phone"),
                FieldPanel("response_days"),
            ],
            heading=_("Feedback and contact information"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("enforcement_body"),
                FieldPanel("enforcement_address"),
                FieldPanel("enforcement_email"),
                FieldPanel("enforcement_web"),
            ],
            heading=_("Enforcement procedure"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("assessment_details"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1  # one per home page: one statement per site and language

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def committed_operator(self, site=None) -> str:
        """Who makes the commitment: the page's own entry, else the site's operator, else the site's name."""
        if self.operator_name:
            return self.operator_name
        site = site or self.get_site()
        if site is None:
            return ""
        operator = OperatorSettings.objects.filter(site=site).only("name").first()
        return (operator.name if operator else "") or site.site_name

    def compliance_sentence(self) -> str:
        """The sentence the decree expects, in the language of the request."""
        sentences = {
            ComplianceStatus.FULL: gettext(
                "This website is fully compliant with Act No. 99/2019 Coll., on the accessibility of websites "
                "and mobile applications."
            ),
            ComplianceStatus.PARTIAL: gettext(
                "This website is partially compliant with Act No. 99/2019 Coll., on the accessibility of "
                "websites and mobile applications, due to the non-compliances and exemptions listed below."
            ),
            ComplianceStatus.NONE: gettext(
                "This website is not compliant with Act No. 99/2019 Coll., on the accessibility of websites "
                "and mobile applications, due to the non-compliances and exemptions listed below."
            ),
        }
        return sentences[ComplianceStatus(self.compliance_status)]

    def inaccessible_by_reason(self) -> list[dict]:
        """The inaccessible content under the three grounds, in the decree's order; empty grounds left out."""
        groups = [{"reason": reason, "label": reason.label, "items": []} for reason in InaccessibleReason]
        by_reason = {group["reason"].value: group for group in groups}
        for block in self.inaccessible_content:
            by_reason[block.value["reason"]]["items"].append(block.value)
        return [group for group in groups if group["items"]]

    @property
    def enforcement_web_label(self) -> str:
        """The website's host as link text: short enough for a phone, the full address in the link."""
        return urlsplit(self.enforcement_web).netloc or self.enforcement_web

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        context["operator"] = self.committed_operator(site)
        context["scope_url"] = self.scope_url or (site.root_url + "/" if site else "")
        return context


class OutboxMessage(models.Model):
    """One e-mail to one recipient, stored with the change that caused it and sent by the worker.

    The rendered text is kept (it may carry a personal link such as an RSVP token), so a retry sends
    the very same working message; it is never shown in the admin.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    recipient = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recipient")
    )
    to_email = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="cs")
    subject = models.CharField(_("subject"), max_length=500)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=200, unique=True, editable=False)
    # The page the message is about (a meeting): managers see the deliveries of their own bodies' pages.
    about = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("about")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    give_up_at = models.DateTimeField(_("give up at"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    attachments = models.ManyToManyField("OutboxAttachment", blank=True, related_name="+")

    wagtail_reference_index_ignore = True  # `about` is a pointer for permissions, not content

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"


class OutboxAttachment(models.Model):
    """A file sent with messages; stored once however many recipients get it (a mailing's .ics)."""

    wagtail_reference_index_ignore = True

    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.filename
