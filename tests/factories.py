"""Test data built by factories (factory_boy): people, organisations, bodies with their members, and
meetings, each made the way the product makes them (pages under their parent, memberships through
the groups service), so a test states what it needs instead of finding it in the demo site."""

import datetime
import itertools

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page

from action_plan.models import ConceptPage, Goal, Indicator, Measure
from events.models import AgendaItem, Confidentiality, ItemStatus, MeetingPage, Visibility
from groups import services as groups_services
from groups.models import BodyKind, BodyPage, GroupsIndexPage, Organisation, OrganisationKind, Role
from knowledge_base.models import (
    Approach,
    GoodPracticeIndexPage,
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    Municipality,
    MythIndexPage,
    MythPage,
)
from portal.models import StandardPage

PASSWORD = "Bezpecne-heslo-2026"
RESOLUTION = {"resolution_number": "1234/RM2226/56", "resolution_date": datetime.date(2026, 1, 13)}
_numbers = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up person with a verified e-mail address."""

    class Meta:
        model = "portal.User"
        skip_postgeneration_save = True  # the hook below stores its own row; the user is saved already

    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Osoba {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=extracted is not False, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organizace {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    kind = OrganisationKind.NGO


class PageFactory(factory.Factory):
    """A Wagtail page placed under `parent` and published, as an editor would."""

    class Meta:
        abstract = True

    parent = None

    @classmethod
    def _create(cls, model_class, parent=None, **values):
        page = model_class(**values)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)


class StandardPageFactory(PageFactory):
    """A page of text under the home page (about, contact, accessibility statement)."""

    class Meta:
        model = StandardPage

    parent = factory.LazyFunction(lambda: Page.objects.get(depth=2, locale__language_code="cs"))
    title = factory.Sequence(lambda n: f"Stránka {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    introduction = "Úvod stránky."


class GroupsIndexFactory(PageFactory):
    class Meta:
        model = GroupsIndexPage

    parent = factory.LazyFunction(lambda: Page.objects.get(depth=2, locale__language_code="cs"))
    title = factory.Sequence(lambda n: f"Skupiny {n}")
    slug = factory.Sequence(lambda n: f"skupiny-{n}")


class BodyFactory(PageFactory):
    """A working group (by default) on a groups list page of its own."""

    class Meta:
        model = BodyPage

    parent = factory.SubFactory(GroupsIndexFactory)
    title = factory.Sequence(lambda n: f"Pracovní skupina {n}")
    slug = factory.Sequence(lambda n: f"organ-{n}")
    kind = BodyKind.WORKING_GROUP


def member_of(body: BodyPage, role: str = Role.MEMBER, *, person=None, organisation=None):
    """A person with an active membership, recorded as the register records it."""
    person = person or UserFactory(last_name=f"{role} {next(_numbers)}")
    extra = RESOLUTION if body.requires_council_resolution else {}
    groups_services.membership_create(
        person=person, organisation=organisation or OrganisationFactory(), body=body, role=role, **extra
    )
    return person


class MeetingFactory(PageFactory):
    """A meeting `days` from now (negative: held), two hours long."""

    class Meta:
        model = MeetingPage

    class Params:
        days = 20

    parent = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Jednání {n}")
    slug = factory.Sequence(lambda n: f"jednani-{n}")
    start = factory.LazyAttribute(lambda o: timezone.now() + datetime.timedelta(days=o.days))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    place = "Zasedací místnost"
    visibility = Visibility.PUBLIC


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """An item on the agenda (not through the services: for reading tests that need many)."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Bod {n}")
    position = factory.Sequence(lambda n: n)
    status = ItemStatus.ACCEPTED
    confidentiality = Confidentiality.MEMBERS


# --- The action plan ------------------------------------------------------------------------------


class ConceptFactory(PageFactory):
    """A housing concept (the public tracker) under the home page, monitored by a working group."""

    class Meta:
        model = ConceptPage

    parent = factory.LazyFunction(lambda: Page.objects.get(depth=2, locale__language_code="cs"))
    title = factory.Sequence(lambda n: f"Koncepce {n}")
    slug = factory.Sequence(lambda n: f"koncepce-{n}")
    period_from = 2024
    period_to = 2027
    body = factory.SubFactory(BodyFactory)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    concept = factory.SubFactory(ConceptFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Cíl {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    goal = factory.SubFactory(GoalFactory)
    code = factory.Sequence(lambda n: f"9.{n}")
    title = factory.Sequence(lambda n: f"Opatření {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    name = "Byty v projektech"
    unit = "bytů"
    baseline_value = 215
    baseline_year = 2023
    baseline_source = "Statutární město Ostrava (2023)"


# --- The knowledge base ---------------------------------------------------------------------------


def translate(page: Page, language: str = "en", **fields) -> Page:
    """The page's copy in another language, as an editor makes it with Wagtail's translation."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language)).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return type(copy).objects.get(pk=copy.pk)  # as published: the address follows the new slug


def _home() -> Page:
    return Page.objects.get(depth=2, locale__language_code="cs")


class ApproachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approach
        django_get_or_create = ("slug",)

    slug = "housing-first"
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    name_en = factory.SelfAttribute("name")
    description = "Domácnost získá nejprve běžný byt a k tomu podporu podle svých potřeb."


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A municipality's profile; without figures unless a test gives them (with their source)."""

    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Obec {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    region = "zlinsky"


class LibraryFactory(PageFactory):
    """The good-practice library (`/dobra-praxe/`)."""

    class Meta:
        model = GoodPracticeIndexPage

    parent = factory.LazyFunction(_home)
    title = "Dobrá praxe z obcí"
    slug = "dobra-praxe"


class MythIndexFactory(PageFactory):
    class Meta:
        model = MythIndexPage

    parent = factory.LazyFunction(_home)
    title = "Mýty a fakta"
    slug = "myty-a-fakta"


class MaterialIndexFactory(PageFactory):
    class Meta:
        model = MaterialIndexPage

    parent = factory.LazyFunction(_home)
    title = "Materiály"
    slug = "materialy"


class GoodPracticeFactory(PageFactory):
    """A published record in the library (`parent`), about a municipality of its own unless given."""

    class Meta:
        model = GoodPracticePage

    title = factory.Sequence(lambda n: f"Příklad dobré praxe {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    municipality = factory.SubFactory(MunicipalityFactory)
    introduction = "Co obec udělala a s kým."


class MythFactory(PageFactory):
    class Meta:
        model = MythPage

    title = factory.Sequence(lambda n: f"Tvrzení {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    reviewer = "Platforma pro sociální bydlení"
    last_reviewed = factory.LazyFunction(datetime.date.today)


class MaterialFactory(PageFactory):
    class Meta:
        model = MaterialPage

    title = factory.Sequence(lambda n: f"Materiál {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    material_type = "study"
    publisher = "MPSV"


def build_site():
    """The site without content: Czech and English locales, the home page and its translation, the
    default site. What an operator has before adding anything (the demo adds to it)."""
    from wagtail.models import Site

    from portal.models import ContactSettings, FooterSettings, HomePage

    czech, _ = Locale.objects.get_or_create(language_code="cs")
    english, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = root.add_child(instance=HomePage(locale=czech, title="Sociální bydlení", slug="domu"))
    home.save_revision().publish()
    home_en = home.copy_for_translation(english)
    home_en.title = "Social housing"
    home_en.save_revision().publish()
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "Sociální bydlení", "root_page": home},
    )
    ContactSettings.objects.create(site=site, name="Kontaktní místo", email="kontakt@example.org")
    FooterSettings.objects.create(site=site)
    return home


# --- The operator and the accessibility statement (portal) -----------------------------------------


class ImageFactory(factory.django.DjangoModelFactory):
    """An uploaded image, drawn here (a PNG in the brand colour): the operator's logo."""

    class Meta:
        model = "wagtailimages.Image"

    title = factory.Sequence(lambda n: f"Obrázek {n}")
    file = factory.django.ImageField(width=300, height=100, color="#0b4f7c", format="PNG")


def operator_settings(**fields):
    """The operator of the default site, as the administrator fills it in the site settings."""
    from portal.models import OperatorSettings

    site = Page.objects.get(depth=2, locale__language_code="cs").get_site()
    operator, _ = OperatorSettings.objects.update_or_create(site=site, defaults=fields)
    return operator


def accessibility_statement(parent: Page | None = None, **fields):
    """A published accessibility statement under the Czech home page (or `parent`)."""
    from portal.models import AccessibilityStatementPage

    values = {
        "title": "Prohlášení o přístupnosti",
        "slug": "prohlaseni-o-pristupnosti",
        "prepared_on": datetime.date(2026, 11, 21),
        **fields,
    }
    return PageFactory._create(AccessibilityStatementPage, parent=parent or _home(), **values)
