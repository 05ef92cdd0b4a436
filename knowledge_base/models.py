"""Knowledge base: municipality profiles, approaches, good-practice records, myths, materials,
newsletter subscribers and the search index that serves the public search page."""

import datetime
import hashlib
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal import public_parts
from portal.blocks import BodyBlock

MYTH_REVIEW_INTERVAL = datetime.timedelta(days=365)


class Region(models.TextChoices):
    PRAHA = "praha", _("Capital City of Prague")
    STREDOCESKY = "stredocesky", _("Central Bohemian Region")
    JIHOCESKY = "jihocesky", _("South Bohemian Region")
    PLZENSKY = "plzensky", _("Plzeň Region")
    KARLOVARSKY = "karlovarsky", _("Karlovy Vary Region")
    USTECKY = "ustecky", _("Ústí nad Labem Region")
    LIBERECKY = "liberecky", _("Liberec Region")
    KRALOVEHRADECKY = "kralovehradecky", _("Hradec Králové Region")
    PARDUBICKY = "pardubicky", _("Pardubice Region")
    VYSOCINA = "vysocina", _("Vysočina Region")
    JIHOMORAVSKY = "jihomoravsky", _("South Moravian Region")
    OLOMOUCKY = "olomoucky", _("Olomouc Region")
    ZLINSKY = "zlinsky", _("Zlín Region")
    MORAVSKOSLEZSKY = "moravskoslezsky", _("Moravian-Silesian Region")


def _in_language(czech: str, english: str) -> str:
    """Bilingual snippet fields: the taxonomy is short, so each row carries both languages instead
    of a translated copy per locale (pages keep one reference to one row in every language)."""
    if translation.get_language() == "en" and english:
        return english
    return czech


class Approach(index.Indexed, models.Model):
    """A way of tackling housing need (Housing First, crisis flat, ...); records are tagged with it."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description in English"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("description_en"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("name_en"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("approach")
        verbose_name_plural = _("approaches")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return _in_language(self.name, self.name_en)

    @property
    def display_description(self) -> str:
        return _in_language(self.description, self.description_en)


class Municipality(index.Indexed, ClusterableModel):
    """A municipality's profile; every figure carries its year and source."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population: year"), null=True, blank=True)
    population_source = models.CharField(_("population: source"), max_length=300, blank=True)
    municipal_flats = models.PositiveIntegerField(_("municipal flats"), null=True, blank=True)
    municipal_flats_year = models.PositiveSmallIntegerField(_("municipal flats: year"), null=True, blank=True)
    municipal_flats_source = models.CharField(_("municipal flats: source"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("region")]),
        MultiFieldPanel(
            [FieldPanel("population"), FieldPanel("population_year"), FieldPanel("population_source")],
            heading=_("Population"),
        ),
        MultiFieldPanel(
            [FieldPanel("municipal_flats"), FieldPanel("municipal_flats_year"), FieldPanel("municipal_flats_source")],
            heading=_("Municipal flats"),
        ),
        InlinePanel("figures", label=_("Other figures")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return _in_language(self.name, self.name_en)

    def clean(self):
        errors = {}
        if self.population is not None and not self.population_source:
            errors["population_source"] = _("Every figure needs its source.")
        if self.municipal_flats is not None and not self.municipal_flats_source:
            errors["municipal_flats_source"] = _("Every figure needs its source.")
        if errors:
            raise ValidationError(errors)


class Figure(models.Model):
    """A sourced number; `value` is empty for an achievement without a count ("crisis flat set up")."""

    label = models.CharField(_("what it counts"), max_length=200)
    label_en = models.CharField(_("in English"), max_length=200, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("label_en")]),
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit"), FieldPanel("year")]),
        FieldPanel("source"),
    ]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return _in_language(self.label, self.label_en)

    @property
    def is_number(self) -> bool:
        return self.value is not None


class MunicipalityFigure(Orderable, Figure):
    municipality = ParentalKey(Municipality, on_delete=models.CASCADE, related_name="figures")

    class Meta(Orderable.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    publisher = blocks.CharBlock(label=_("Publisher"), max_length=200, required=False)
    url = blocks.URLBlock(label=_("Address"), required=False)

    class Meta:
        icon = "link"
        label = _("Source")


def sources_field() -> StreamField:
    return StreamField([("source", SourceBlock())], verbose_name=_("sources"), blank=True)


class KnowledgePage(Page):
    """Fields every knowledge-base page has: a plain-text introduction and a StreamField body."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    class Meta:
        abstract = True


class KnowledgeIndexPage(KnowledgePage):
    """A section of the knowledge base: one per home page, with an introduction and a body."""

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class GoodPracticeIndexPage(RoutablePageMixin, KnowledgeIndexPage):
    """The good-practice library; also serves approach pages, municipality profiles, the peer finder."""

    subpage_types = ["knowledge_base.GoodPracticePage"]

    class Meta:
        verbose_name = _("good-practice library")
        verbose_name_plural = _("good-practice libraries")

    # Sub-URLs answer to the Czech and the English word alike; links use the page language's word.
    @re_path(r"^$", name="listing")
    def listing(self, request):
        from knowledge_base import views

        return views.good_practice_listing(request, self)

    @re_path(r"^(?:pristupy|approaches)/(?P<slug>[-\w]+)/$", name="approach")
    def approach(self, request, slug):
        from knowledge_base import views

        return views.approach_detail(request, self, slug)

    @re_path(r"^(?:obce|municipalities)/(?P<slug>[-\w]+)/$", name="municipality")
    def municipality(self, request, slug):
        from knowledge_base import views

        return views.municipality_detail(request, self, slug)

    @re_path(r"^(?:obce-jako-ta-moje|peer-finder)/$", name="peer_finder")
    def peer_finder(self, request):
        from knowledge_base import views

        return views.peer_finder(request, self)


class GoodPracticePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period cannot end before it starts."))
        return cleaned


class GoodPracticePage(KnowledgePage):
    """What one municipality did, with whom, and what came of it (structured outcomes)."""

    # Nullable in the database only so a page can be copied or moved; the form and clean() require it.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=False,
        related_name="good_practices",
        verbose_name=_("municipality"),
    )
    approaches = ParentalManyToManyField(
        Approach, blank=True, related_name="good_practices", verbose_name=_("approaches")
    )
    period_from = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(
        _("to (year)"), null=True, blank=True, help_text=_("Leave empty while it is still running.")
    )
    partners = models.TextField(_("partners"), blank=True, help_text=_("One per line."))
    lessons_learned = RichTextField(_("lessons learned"), features=["bold", "italic", "ul", "ol", "link"], blank=True)
    contact = models.TextField(_("contact"), blank=True)
    sources = sources_field()

    base_form_class = GoodPracticePageForm
    content_panels = Page.content_panels + [
        FieldPanel("municipality"),
        FieldPanel("approaches", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("period_from"), FieldPanel("period_to")], heading=_("Period")),
        FieldPanel("introduction"),
        InlinePanel("outcomes", label=_("Outcomes")),
        FieldPanel("body"),
        FieldPanel("lessons_learned"),
        FieldPanel("partners"),
        FieldPanel("contact"),
        FieldPanel("sources"),
    ]
    search_fields = KnowledgePage.search_fields + [
        index.SearchField("lessons_learned"),
        index.SearchField("partners"),
        index.FilterField("municipality"),
    ]
    parent_page_types = ["knowledge_base.GoodPracticeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("good-practice record")
        verbose_name_plural = _("good-practice records")

    def clean(self):
        super().clean()
        if self.municipality_id is None:
            raise ValidationError({"municipality": _("Choose the municipality the record is about.")})

    @property
    def period(self) -> str:
        if self.period_from and self.period_to and self.period_to != self.period_from:
            return f"{self.period_from}–{self.period_to}"
        if self.period_from and not self.period_to:
            return _("since %(year)s") % {"year": self.period_from}
        return str(self.period_from or self.period_to or "")

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        """The record is the same for every visitor: a kept part (`portal.public_parts`), so a rendered
        page does not read its municipality, approaches and outcomes again."""
        context = super().get_context(request, *args, **kwargs)
        context["record_part"] = public_parts.kept_html(
            request, "good-practice", self, "knowledge_base/includes/good_practice_article.html", dict
        )
        return context


class GoodPracticeOutcome(Orderable, Figure):
    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="outcomes")

    class Meta(Orderable.Meta):
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")


class MythIndexPage(KnowledgeIndexPage):
    subpage_types = ["knowledge_base.MythPage"]

    class Meta:
        verbose_name = _("myths and facts")
        verbose_name_plural = _("myths and facts")

    def get_context(self, request, *args, **kwargs):
        """The list is the same for every visitor: a kept part (`portal.public_parts`)."""
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = public_parts.kept_html(
            request,
            "myths",
            self,
            "knowledge_base/includes/myth_index_article.html",
            lambda: {"myths": list(MythPage.objects.live().public().child_of(self).order_by("path"))},
        )
        return context


class Verdict(models.TextChoices):
    MYTH = "myth", _("Myth")
    PARTLY = "partly", _("Partly true")
    FACT = "fact", _("True")


class MythPage(KnowledgePage):
    """The title is the myth as people say it; the introduction is the short answer."""

    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.MYTH)
    sources = sources_field()
    reviewer = models.CharField(_("reviewed by"), max_length=200)
    last_reviewed = models.DateField(_("last reviewed"), default=datetime.date.today)

    content_panels = [
        TitleFieldPanel("title", heading=_("Myth (as people say it)")),  # fills the address from the title
        FieldPanel("verdict"),
        FieldPanel("introduction", heading=_("Short answer")),
        FieldPanel("body", heading=_("Explanation")),
        FieldPanel("sources"),
        FieldRowPanel([FieldPanel("reviewer"), FieldPanel("last_reviewed")]),
    ]
    parent_page_types = ["knowledge_base.MythIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("myth")
        verbose_name_plural = _("myths")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["myths"] = [self]  # the FAQPage JSON-LD of this one question
        return context

    @property
    def needs_review(self) -> bool:
        return self.last_reviewed < timezone.localdate() - MYTH_REVIEW_INTERVAL

    @property
    def short_answer(self) -> str:
        """The introduction as shown beside the verdict label: without the verdict repeated at its start
        ("Mýtus. České obce…" under the label "Mýtus" would read "Mýtus Mýtus. České obce…")."""
        text = (self.introduction or "").strip()
        if self.verdict not in Verdict.values:
            return text
        labels = set()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                labels.add(str(Verdict(self.verdict).label))
        pattern = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
        return re.sub(rf"^(?:{pattern})\s*[.:!–—-]\s*", "", text, flags=re.IGNORECASE)


class MaterialIndexPage(KnowledgeIndexPage):
    subpage_types = ["knowledge_base.MaterialPage"]

    class Meta:
        verbose_name = _("materials library")
        verbose_name_plural = _("materials libraries")

    def get_context(self, request, *args, **kwargs):
        from knowledge_base.views import material_listing_context

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = public_parts.listing_html(
            request,
            "materials",
            self,
            "knowledge_base/includes/material_index_article.html",
            lambda: material_listing_context(request, self),
        )
        return context


class MaterialType(models.TextChoices):
    METHODOLOGY = "methodology", _("Methodology")
    STUDY = "study", _("Study")
    MANUAL = "manual", _("Manual")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    SOCIAL_WORKERS = "social_workers", _("Municipal social workers")
    LABOUR_OFFICE = "labour_office", _("Labour Office")
    POLITICIANS = "politicians", _("Politicians")
    PUBLIC = "public", _("The general public")


class MaterialLanguage(models.TextChoices):
    CS = "cs", _("Czech")
    EN = "en", _("English")


class MaterialPageForm(WagtailAdminPageForm):
    """Audiences are a few fixed codes kept in one column ("|social_workers|public|") so the listing
    filters them with one LIKE on SQLite and PostgreSQL alike."""

    audience_choices = forms.MultipleChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_choices"].initial = self.instance.audience_codes

    def save(self, commit=True):
        self.instance.audiences = join_codes(self.cleaned_data.get("audience_choices") or [])
        return super().save(commit=commit)


def join_codes(codes) -> str:
    return "|" + "|".join(codes) + "|" if codes else ""


class MaterialPage(KnowledgePage):
    material_type = models.CharField(_("type"), max_length=20, choices=MaterialType.choices)
    audiences = models.CharField(_("audience"), max_length=200, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=MaterialLanguage.choices, default="cs")
    publisher = models.CharField(_("publisher"), max_length=200)
    # Served by Wagtail's document view, which enforces the privacy of the document's collection.
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    external_url = models.URLField(_("or an address on the web"), blank=True)

    base_form_class = MaterialPageForm
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("material_type"), FieldPanel("year"), FieldPanel("language")]),
        FieldPanel("audience_choices"),
        FieldPanel("publisher"),
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("document"), FieldPanel("external_url")]),
        FieldPanel("body"),
    ]
    search_fields = KnowledgePage.search_fields + [index.SearchField("publisher")]
    parent_page_types = ["knowledge_base.MaterialIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    @property
    def audience_codes(self) -> list[str]:
        return [code for code in self.audiences.split("|") if code]

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[code]) for code in self.audience_codes if code in labels]


class SearchEntry(models.Model):
    """The public search index: one row per live public page of an indexed type, with its text
    folded (see knowledge_base.text) so that SQLite and PostgreSQL match the same way."""

    class Kind(models.TextChoices):
        GOOD_PRACTICE = "good_practice", _("Good practice")
        MYTH = "myth", _("Myths and facts")
        MATERIAL = "material", _("Material")
        PAGE = "page", _("Page")
        MEETING = "meeting", _("Meeting minutes")

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    language = models.CharField(max_length=8, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    region = models.CharField(max_length=30, blank=True)
    approaches = models.CharField(max_length=1000, blank=True)  # "|housing-first|crisis-flat|"
    title = models.CharField(max_length=255)
    title_folded = models.CharField(max_length=255)
    text = models.TextField()
    text_folded = models.TextField()  # the title's and text's distinct words, folded (`text.folded_words`)
    published_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["language", "kind"])]

    def __str__(self) -> str:
        return self.title


class Subscriber(models.Model):
    """A newsletter subscription: pending until the signed link is used, then confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("e-mail"), unique=True)  # stored lower-cased: one row per address
    language = models.CharField(_("language"), max_length=8, default="cs")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    consent_text = models.TextField(_("consent given"))
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmations_sent = models.PositiveSmallIntegerField(_("confirmations sent"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")

    def __str__(self) -> str:
        return self.email


class Mailing(models.Model):
    """One newsletter issue. Its deliveries are queued once, in the outbox; sending it again is a no-op."""

    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"))
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("newsletter mailing")
        verbose_name_plural = _("newsletter mailings")

    def __str__(self) -> str:
        return self.subject

    @staticmethod
    def fingerprint_of(subject: str, text: str) -> str:
        return hashlib.sha256(f"{subject}\n{text}".encode()).hexdigest()
