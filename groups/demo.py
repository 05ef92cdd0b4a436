"""Demo content of the groups app: the Ostrava-model working group, its round table and sub-groups.

Organisations and the structure come from seeds 002 and 004. People are fictional demo accounts;
organisations the seeds do not name are labelled as samples.
"""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page

from groups import documents, services
from groups.models import BodyKind, BodyPage, GroupsIndexPage, Membership, Organisation, OrganisationKind, Role
from groups.permissions import EDITORS_GROUP
from portal.models import User
from portal.sanitize import sanitize_html

DEMO_DOMAIN = "demo.socialni-bydleni.example"
K = OrganisationKind
ORGANISATIONS = [
    ("Magistrát města Ostravy – odbor sociálních věcí a zdravotnictví", "MMO OSVZ", K.SOCIAL_DEPARTMENT),
    ("Magistrát města Ostravy – majetkový odbor", "MMO majetkový odbor", K.HOUSING_DEPARTMENT),
    ("Statutární město Ostrava – náměstek primátora", "Náměstek primátora", K.POLITICAL),
    ("Úřad městského obvodu Poruba", "ÚMOb Poruba", K.DISTRICT_OFFICE),
    ("Heimstaden", "Heimstaden", K.LANDLORD),
    ("Úřad práce ČR", "ÚP ČR", K.LABOUR_OFFICE),
    ("Ministerstvo práce a sociálních věcí", "MPSV", K.MINISTRY),
    ("Ministerstvo pro místní rozvoj – Agentura pro sociální začleňování", "ASZ", K.MINISTRY),
    ("Platforma pro sociální bydlení", "Platforma", K.NGO),
    ("Ostravská univerzita", "OU", K.RESEARCH),
    ("Nezisková organizace (ukázková)", "NNO (ukázka)", K.NGO),
    ("Orgán sociálně-právní ochrany dětí (ukázkový)", "OSPOD (ukázka)", K.CHILD_PROTECTION),
    ("Asistenti prevence kriminality (ukázkoví)", "APK (ukázka)", K.POLICE),
    ("Základní škola (ukázková)", "ZŠ (ukázka)", K.SCHOOL),
    ("Zástupci lidí se zkušeností s bytovou nouzí (ukázkoví)", "Zkušenost s bytovou nouzí", K.LIVED_EXPERIENCE),
]

WORKING_GROUP_MANDATE = (
    "<p>Pracovní skupina sociálního bydlení připravuje a sleduje místní Koncepci sociálního bydlení a její "
    "Akční plán: sleduje plnění opatření, projednává jejich aktualizaci a přináší dobrou praxi a výzkumy. "
    "Členství schvaluje rada města; skupině předsedá náměstek primátora, jednání svolává a vede manažer.</p>"
)
ROUND_TABLE_MANDATE = (
    "<p>Kulatý stůl k sociálnímu bydlení přivádí k jednomu stolu širší okruh aktérů – od OSPOD a škol po lidi "
    "se zkušeností s bytovou nouzí – a umožňuje vzájemné informování o sociálním bydlení v obci.</p>"
)
# The English pages say the same in English (the demo's translations of the texts above).
INDEX_INTRODUCTION_EN = (
    "The city's formal working group, round tables with a wider circle of stakeholders, and thematic sub-groups."
)
WORKING_GROUP_MANDATE_EN = (
    "<p>The social housing working group prepares and monitors the local Social Housing Concept and its "
    "Action Plan: it follows how the measures are carried out, discusses their updates and brings in good "
    "practice and research. Membership is approved by the city council; the deputy mayor chairs the group, "
    "and its manager convenes and runs the meetings.</p>"
)
ROUND_TABLE_MANDATE_EN = (
    "<p>The round table on social housing brings a wider circle of stakeholders to one table – from child "
    "protection services and schools to people with lived experience of housing need – so that they keep "
    "each other informed about social housing in the municipality.</p>"
)
CONTACT = "Odbor sociálních věcí a zdravotnictví, Magistrát města Ostravy"
CONTACT_EN = "Department of Social Affairs and Health, Ostrava City Office"
SUBGROUPS = [
    (
        "udrzba-a-rozvoj-bytoveho-fondu",
        "Údržba a rozvoj bytového fondu",
        "Maintenance and development of the housing stock",
    ),
    (
        "krizove-socialni-a-dostupne-bydleni",
        "Krizové, sociální a dostupné bydlení",
        "Crisis, social and affordable housing",
    ),
]

# (e-mail local part, first name, last name, organisation short name, [(body key, role)], can sign in)
PEOPLE = [
    ("predseda", "Tomáš", "Horák", "Náměstek primátora", [("ps", Role.CHAIR)], True),
    ("manazerka", "Lenka", "Pokorná", "MMO OSVZ", [("ps", Role.MANAGER), ("ks", Role.MANAGER)], True),
    ("clen", "Jana", "Veselá", "NNO (ukázka)", [("ps", Role.MEMBER), ("ks", Role.MEMBER), ("sub1", Role.MEMBER)], True),
    ("nahradnik", "Pavel", "Král", "ÚMOb Poruba", [("ps", Role.SUBSTITUTE)], True),
    ("host", "Eva", "Marková", "Platforma", [("ps", Role.GUEST), ("ks", Role.GUEST)], True),
    ("majetek", "Martin", "Beneš", "MMO majetkový odbor", [("ps", Role.MEMBER), ("sub0", Role.MEMBER)], False),
    ("heimstaden", "Petra", "Černá", "Heimstaden", [("ps", Role.MEMBER), ("sub0", Role.MEMBER)], False),
    ("up", "Jiří", "Novotný", "ÚP ČR", [("ps", Role.MEMBER), ("ks", Role.MEMBER)], False),
    ("mpsv", "Klára", "Svobodová", "MPSV", [("ps", Role.MEMBER)], False),
    ("asz", "Ondřej", "Dušek", "ASZ", [("ps", Role.MEMBER)], False),
    ("ou", "Hana", "Kopecká", "OU", [("ks", Role.MEMBER)], False),
    ("ospod", "Lucie", "Jelínková", "OSPOD (ukázka)", [("ks", Role.MEMBER)], False),
    ("apk", "Radek", "Pospíšil", "APK (ukázka)", [("ks", Role.MEMBER)], False),
    ("skola", "Alena", "Holubová", "ZŠ (ukázka)", [("ks", Role.MEMBER)], False),
    ("zkusenost", "Zdeněk", "Růžička", "Zkušenost s bytovou nouzí", [("ks", Role.MEMBER)], False),
]
EDITOR = ("redaktorka", "Simona", "Kučerová")
PRIVATE_COLLECTION_NAME = "Interní podklady pracovní skupiny"
PRIVATE_DOCUMENT_TITLE = "Podklady k aktualizaci akčního plánu (ukázka)"
PRIVATE_DOCUMENT_TEXT = "Ukázkový interní podklad: čtou ho jen členové pracovní skupiny a administrátoři.\n"
RESOLUTION = {"resolution_number": "ukázka 1/RM/2026", "resolution_date": datetime.date(2026, 1, 13)}


def load(home, english_locale, translate, write) -> None:
    """Build the groups demo under `home`; `translate(page, locale, texts)` makes English copies."""
    organisations = {
        short: Organisation.objects.get_or_create(name=name, defaults={"short_name": short, "kind": kind})[0]
        for name, short, kind in ORGANISATIONS
    }
    index = GroupsIndexPage.objects.child_of(home).first()
    if index is None:
        index = GroupsIndexPage(
            title="Pracovní skupiny a kulaté stoly",
            slug="pracovni-skupiny",
            show_in_menus=True,
            introduction=(
                "Formální pracovní skupina města, kulaté stoly se širším okruhem aktérů a tematické podskupiny."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    translate(
        index,
        english_locale,
        {"title": "Working groups and round tables", "slug": "working-groups", "introduction": INDEX_INTRODUCTION_EN},
    )
    bodies = {
        "ps": _body(
            index,
            "pracovni-skupina",
            "Pracovní skupina sociálního bydlení",
            BodyKind.WORKING_GROUP,
            WORKING_GROUP_MANDATE,
        ),
        "ks": _body(
            index, "kulaty-stul", "Kulatý stůl k sociálnímu bydlení", BodyKind.ROUND_TABLE, ROUND_TABLE_MANDATE
        ),
    }
    english = [
        ("ps", "Social housing working group", "working-group", WORKING_GROUP_MANDATE_EN),
        ("ks", "Round table on social housing", "round-table", ROUND_TABLE_MANDATE_EN),
    ]
    for key, title, slug, mandate in english:
        _translate_body(translate, bodies[key], english_locale, title, slug, mandate)
    for number, (slug, title, english_title) in enumerate(SUBGROUPS):
        bodies[f"sub{number}"] = _body(bodies["ps"], slug, title, BodyKind.SUBGROUP, "")
        _translate_body(translate, bodies[f"sub{number}"], english_locale, english_title, slug, "")

    credentials = []
    for local, first, last, org_short, roles, can_sign_in in PEOPLE:
        person, password = _person(local, first, last, can_sign_in)
        if password:
            credentials.append(
                (person.email, password, ", ".join(f"{bodies[key].title}: {role.label}" for key, role in roles))
            )
        for key, role in roles:
            if not Membership.objects.filter(person=person, body=bodies[key], role=role).exists():
                services.membership_create(
                    person=person,
                    organisation=organisations[org_short],
                    body=bodies[key],
                    role=role,
                    term_start=datetime.date(2026, 1, 13),
                    **(RESOLUTION if bodies[key].requires_council_resolution else {}),
                )
    _private_documents(bodies["ps"])
    editor, password = _person(*EDITOR, True)
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    if password:
        credentials.append((editor.email, password, "redaktorka (Editors)"))
    for email, password, what in credentials:
        write(f"  {email}  password: {password}  ({what})")
    if credentials:
        write(
            "  (demo passwords are shown once; chairs and managers set up two-factor authentication at first sign-in)"
        )


def _body(parent: Page, slug: str, title: str, kind: str, mandate: str) -> BodyPage:
    body = BodyPage.objects.child_of(parent).filter(slug=slug).first()
    if body is None:
        body = BodyPage(
            title=title,
            slug=slug,
            kind=kind,
            mandate=sanitize_html(mandate),
            contact=CONTACT,
        )
        parent.add_child(instance=body)
        body.save_revision().publish()
    return body


def _translate_body(translate, body: BodyPage, locale, title: str, slug: str, mandate: str) -> None:
    fields = {"title": title, "slug": slug, "mandate": sanitize_html(mandate), "contact": CONTACT_EN}
    translate(body, locale, fields, fields=fields)


def _private_documents(body: BodyPage) -> None:
    """The working group's internal papers: a collection only its people (and administrators) read."""
    collection = documents.private_collection_create(body=body, name=PRIVATE_COLLECTION_NAME)
    Document = get_document_model()
    if not Document.objects.filter(collection=collection, title=PRIVATE_DOCUMENT_TITLE).exists():
        document = Document(title=PRIVATE_DOCUMENT_TITLE, collection=collection)
        document.file.save("podklady-akcni-plan-ukazka.txt", ContentFile(PRIVATE_DOCUMENT_TEXT.encode()), save=True)


def _person(local: str, first: str, last: str, can_sign_in: bool) -> tuple[User, str | None]:
    email = f"{local}@{DEMO_DOMAIN}"
    person = User.objects.filter(email=email).first()
    if person is not None:
        return person, None
    password = secrets.token_urlsafe(12) if can_sign_in else None
    person = User.objects.create_user(username=local, email=email, password=password, first_name=first, last_name=last)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person, password


def reset() -> None:
    """Remove what `load` made; only for `load_demo --reset` (the app itself never deletes memberships)."""
    from groups.models import Invitation

    Invitation.objects.all().delete()
    Membership.objects.all().delete()
    User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()
    Group.objects.filter(name__startswith=services.ADMIN_GROUP_PREFIX).delete()
