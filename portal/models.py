"""Models of the site core: the user account, notifications, the generic pages and site settings."""

from django.contrib.auth.models import AbstractUser
from django.db import models
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
        kept like the site's frame until public content changes (a dozen queries, once)."""
        from portal import page_cache
        from portal.hooks import HOME_SECTIONS_HOOK, sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = page_cache.remember(
            ("home-sections", self.pk), lambda: sections(HOME_SECTIONS_HOOK, request, self)
        )
        return context

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
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consultation_hours = StreamField(
        [("hours", ConsultationHoursBlock())], verbose_name=_("consultation hours"), blank=True
    )
    consultation_note = RichTextField(_("note on consultations"), features=["bold", "italic", "link"], blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("description")], heading=_("Contact centre")),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contacts")),
        MultiFieldPanel(
            [FieldPanel("consultation_hours"), FieldPanel("consultation_note")],
            heading=_("Consultation hours"),
        ),
    ]

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
