"""Build the demo site: pages in Czech and English, the operator, the contact centre, the accessibility
statement, navigation, an admin account.

Idempotent: a second run changes nothing and prints no password. `--reset` removes the demo content
first and builds it again (with a new admin password). The apps add their own demo content through
`portal.hooks.DEMO_CONTENT_HOOK` (the site core imports none of them).
"""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation
from wagtail import hooks
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from portal import demo_content
from portal.hooks import DEMO_CONTENT_HOOK, DEMO_RESET_HOOK, DemoSite
from portal.models import (
    AccessibilityStatementPage,
    ContactSettings,
    FooterSettings,
    HomePage,
    OperatorSettings,
    StandardPage,
    User,
)
from portal.sanitize import sanitize_html
from portal.services import site_address_sync

ADMIN_EMAIL = "admin@socialni-bydleni.example"
HOME_SLUG = "domu"


class Command(BaseCommand):
    help = "Load the demo content (idempotent); --reset rebuilds it."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo content and build it again.")

    def handle(self, *args, reset: bool = False, **options):
        with translation.override("cs"), transaction.atomic():
            if reset:
                self._reset()
            czech, english = self._locales()
            home = self._home(czech, english)
            pages = {
                slug: self._standard_page(home, slug, texts, english) for slug, texts in demo_content.PAGES.items()
            }
            statement = self._accessibility_statement(home, english)
            site = self._site(home)
            self._operator(site)
            self._contact(site)
            footer_pages = [page for slug, page in pages.items() if demo_content.PAGES[slug]["footer"]]
            self._footer(site, [*footer_pages, statement])
            self._admin()
            self.stdout.write("Demo accounts:")
            site = DemoSite(home=home, english=english, translate=self._translation, write=self.stdout.write)
            for load_app_content in hooks.get_hooks(DEMO_CONTENT_HOOK):
                load_app_content(site)
        call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def _reset(self):
        for reset_app_content in reversed(hooks.get_hooks(DEMO_RESET_HOOK)):  # the apps built on others first
            reset_app_content()
        for home in HomePage.objects.filter(depth=2):
            home.delete()
        OperatorSettings.objects.all().delete()
        ContactSettings.objects.all().delete()
        FooterSettings.objects.all().delete()
        User.objects.filter(email=ADMIN_EMAIL).delete()

    def _locales(self) -> tuple[Locale, Locale]:
        czech, _ = Locale.objects.get_or_create(language_code="cs")
        english, _ = Locale.objects.get_or_create(language_code="en")
        return czech, english

    def _home(self, czech: Locale, english: Locale) -> HomePage:
        home = HomePage.objects.filter(locale=czech, depth=2).first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's welcome page holds the slug we want and the default site; it goes.
            for page in root.get_children().exclude(content_type__model="homepage"):
                page.delete()
            home = root.add_child(instance=HomePage(locale=czech, slug=HOME_SLUG, **_fields(demo_content.HOME["cs"])))
            home.save_revision().publish()
        self._translation(home, english, demo_content.HOME["en"])
        return home

    def _standard_page(self, home: HomePage, slug: str, texts: dict, english: Locale) -> StandardPage:
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = StandardPage(slug=slug, show_in_menus=texts["menu"], **_fields(texts["cs"]))
            home.add_child(instance=page)
            page.save_revision().publish()
        self._translation(page, english, texts["en"])
        return page

    def _accessibility_statement(self, home: HomePage, english: Locale) -> AccessibilityStatementPage:
        """The statement as its own page type. A site loaded before it existed has a placeholder
        StandardPage at the same address: it gives way (both languages), and the footer follows."""
        texts = demo_content.ACCESSIBILITY_STATEMENT
        page = AccessibilityStatementPage.objects.child_of(home).filter(slug=texts["slug"]).first()
        if page is None:
            placeholder = StandardPage.objects.child_of(home).filter(slug=texts["slug"]).first()
            if placeholder is not None:
                for copy in placeholder.get_translations():
                    copy.delete()
                placeholder.delete()
            page = AccessibilityStatementPage(slug=texts["slug"], **_statement_fields(texts, "cs"))
            home.add_child(instance=page)
            page.save_revision().publish()
        self._translation(page, english, texts["en"], fields=_statement_fields(texts, "en"))
        return page

    def _translation(self, page: Page, locale: Locale, texts: dict, fields: dict | None = None) -> Page:
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing
        translation = page.copy_for_translation(locale).specific
        for name, value in (fields if fields is not None else _fields(texts)).items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        return translation

    def _site(self, home: HomePage) -> Site:
        site = site_address_sync(root_page=home)
        if not site.site_name:
            site.site_name = "Sociální bydlení"
            site.save(update_fields=["site_name"])
        return site

    def _operator(self, site: Site) -> None:
        operator = OperatorSettings.for_site(site)
        if operator.name:
            return
        for name, value in demo_content.OPERATOR.items():
            setattr(operator, name, value)
        operator.save()

    def _contact(self, site: Site) -> None:
        contact = ContactSettings.for_site(site)
        data = demo_content.CONTACT
        if not contact.name_en:  # an older demo's contact centre gets its English texts
            contact.name_en, contact.description_en = data["name_en"], data["description_en"]
            contact.consultation_note_en = sanitize_html(data["note_en"])
            contact.save()
        if contact.name:
            return
        contact.name, contact.description, contact.address = data["name"], data["description"], data["address"]
        contact.phone, contact.email, contact.consultation_note = (
            data["phone"],
            data["email"],
            sanitize_html(data["note"]),
        )
        contact.consultation_hours = [
            ("hours", {"weekday": day, "opens": _time(opens), "closes": _time(closes)})
            for day, opens, closes in data["hours"]
        ]
        contact.save()

    def _footer(self, site: Site, pages: list[Page]) -> None:
        """The footer's links as the operator left them, plus any of `pages` missing; a link to a page
        that is gone (the placeholder statement of an older demo) is dropped."""
        footer = FooterSettings.for_site(site)
        linked = [block.value for block in footer.links if block.value is not None]
        missing = [page for page in pages if page.pk not in {linked_page.pk for linked_page in linked}]
        if missing or len(linked) != len(footer.links):
            footer.links = [("page", page) for page in [*linked, *missing]]
            footer.save()

    def _admin(self) -> None:
        if User.objects.filter(email=ADMIN_EMAIL).exists():
            self.stdout.write(f"Admin account {ADMIN_EMAIL} exists; for a new password run: load_demo --reset")
            return
        password = secrets.token_urlsafe(12)
        admin = User.objects.create_superuser(
            username="admin", email=ADMIN_EMAIL, password=password, first_name="Správce", last_name="portálu"
        )
        EmailAddress.objects.create(user=admin, email=ADMIN_EMAIL, verified=True, primary=True)
        self.stdout.write(
            self.style.WARNING(
                f"Admin account: {ADMIN_EMAIL}  password: {password}\n"
                "(shown once; staff set up two-factor authentication at first sign-in)"
            )
        )


def _fields(texts: dict) -> dict:
    """Page field values from a demo text entry; rich-text paragraphs become RichText."""
    fields = {name: value for name, value in texts.items() if name in {"title", "slug", "introduction"}}
    if "body" in texts:
        fields["body"] = [
            (kind, RichText(sanitize_html(value)) if kind == "paragraph" else value) for kind, value in texts["body"]
        ]
    return fields


def _statement_fields(texts: dict, language: str) -> dict:
    """Field values of the accessibility statement in one language; prepared and reviewed today, the
    day the demo's operator would have published it."""
    language_texts = texts[language]
    typeset = demo_content.czech_typography if language == "cs" else str
    today = timezone.localdate()
    shared = ["compliance_status", "assessment_method", "response_days", "feedback_email", "enforcement_web"]
    return {
        **{name: texts[name] for name in shared},
        **_fields(language_texts),
        **{name: language_texts[name] for name in ("feedback_name", "enforcement_body")},
        "inaccessible_content": [
            (
                "item",
                {
                    "content": typeset(content),
                    "reason": reason,
                    "detail": typeset(detail),
                    "alternative": typeset(alternative),
                },
            )
            for reason, content, detail, alternative in language_texts["inaccessible_content"]
        ],
        "assessment_details": sanitize_html(typeset(language_texts["assessment_details"])),
        "prepared_on": today,
        "reviewed_on": today,
    }


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)
