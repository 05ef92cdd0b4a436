"""Demo content of the action plan: a sample housing concept for the Ostrava-model city.

Its goals and measures follow what Ostrava reported (seed 004: the working group and round tables,
the projects' 215 flats and 620 people housed, 3 000 households in housing need, the housing contact
point, evaluation, the conference and the photo competition). Baselines are the seed's figures with
the seed as their source; every later value is sample data and says so in its source.
"""

import datetime
from decimal import Decimal

from django.utils import translation

from action_plan import services
from action_plan.models import (
    ChangeKind,
    ConceptPage,
    Goal,
    Indicator,
    Measure,
    MeasureLink,
    PlanChange,
    PlanRevision,
    ProgressUpdate,
    Status,
    StrategyLink,
)
from action_plan.services import UpdateContent
from events.models import AgendaItem, Confidentiality, ItemStatus
from groups.models import AgendaKind, BodyPage, Organisation
from portal import outbox
from portal.models import User

DEMO_DOMAIN = "demo.socialni-bydleni.example"
SEED = "Statutární město Ostrava: Sociální bydlení v Ostravě (prezentace, 2023)"
SAMPLE = "ukázková data (ilustrativní, nejde o skutečné hodnoty)"

CONCEPT = {
    "cs": {
        "title": "Koncepce sociálního bydlení a akční plán",
        "slug": "akcni-plan",
        "introduction": (
            "<p>Ukázková koncepce postavená na tom, jak Ostrava popsala svůj systém sociálního bydlení: "
            "pracovní skupina a kulaté stoly, projekty sociálního bydlení, kontaktní místo pro bydlení a "
            "evaluace. Výchozí hodnoty ukazatelů pocházejí z prezentace města; průběžné hodnoty jsou "
            "<strong>ukázková data</strong>.</p>"
        ),
    },
    "en": {
        "title": "Social-housing concept and action plan",
        "slug": "action-plan",
        "introduction": (
            "<p>A sample concept built on how Ostrava described its social-housing system: the working group "
            "and round tables, the social-housing projects, the housing contact point and evaluation. "
            "Indicator baselines come from the city's presentation; later values are <strong>sample data"
            "</strong>.</p>"
        ),
    },
}

# (number, title, description, [(code, title, description, lead, partners, indicators)])
GOALS = [
    (
        1,
        "Bydlení pro domácnosti v bytové nouzi",
        "Město bere odpovědnost za řešení bytové nouze: přibližně 3 000 domácností (asi 7 000 osob).",
        [
            (
                "1.1",
                "Projekty sociálního bydlení v obecních bytech",
                "Byty z obecního bytového fondu pro domácnosti v bytové nouzi, s podporou sociální práce.",
                "MMO OSVZ",
                ["MMO majetkový odbor", "ÚMOb Poruba", "NNO (ukázka)"],
                [
                    ("Byty v projektech sociálního bydlení", "bytů", Decimal(215), 2023, "higher"),
                    ("Osoby, které bydlí v projektech", "osob", Decimal(620), 2023, "higher"),
                ],
            ),
            (
                "1.2",
                "Spolupráce se soukromým vlastníkem bytového fondu",
                "Byty soukromého vlastníka (Heimstaden) pro domácnosti v bytové nouzi; sdílená pravidla a podpora.",
                "MMO OSVZ",
                ["Heimstaden"],
                [],
            ),
        ],
    ),
    (
        2,
        "Kontaktní místo pro bydlení a evaluace",
        "Data o bytové nouzi a o dopadech sociálního bydlení na životní situaci domácností.",
        [
            (
                "2.1",
                "Pilotní sběr dat na kontaktním místě pro bydlení",
                "Kontaktní místo zapisuje, kdo a s jakou bytovou nouzí přichází, jednotně a anonymně.",
                "MMO OSVZ",
                ["NNO (ukázka)"],
                [("Domácnosti v bytové nouzi", "domácností", Decimal(3000), None, "lower")],
            ),
            (
                "2.2",
                "Evaluace zaměřená na spolupracující aktéry",
                "Reflexe spolupráce: role jednotlivých aktérů v místním systému sociálního bydlení.",
                "NNO (ukázka)",
                ["OU"],
                [("Spolupracující aktéři zapojení do evaluace", "organizací", None, None, "higher")],
            ),
        ],
    ),
    (
        3,
        "Spolupráce a komunikace sociálního bydlení",
        "Odborné platformy města a otevřená komunikace s veřejností.",
        [
            (
                "3.1",
                "Pracovní skupina a kulaté stoly k sociálnímu bydlení",
                "Dvě jednání pracovní skupiny a dva kulaté stoly ročně; monitoring plnění akčního plánu.",
                "MMO OSVZ",
                ["Náměstek primátora"],
                [],
            ),
            (
                "3.2",
                "Konference a fotosoutěž „Co pro nás znamená domov?“",
                "Konference o sociálním bydlení, mediální výstupy a soutěž pro klienty projektů.",
                "MMO OSVZ",
                [],
                [],
            ),
            (
                "3.3",
                "Aktualizace koncepce a akčního plánu",
                "Pracovní skupina projednává aktualizaci koncepce a akční plány na další období.",
                "MMO OSVZ",
                ["Náměstek primátora", "ASZ"],
                [],
            ),
        ],
    ),
]

# Approved sample updates of measure 1.1 (period, status, text, flats, persons); then one waiting.
APPROVED = [
    ((2025, 1), Status.ON_TRACK, "Do projektů přibyly další obecní byty; sociální práce pokračuje.", 222, 641),
    ((2025, 2), Status.ON_TRACK, "Obvody nabídly další byty; udržení bydlení je příznivé.", 230, 660),
    ((2026, 1), Status.AT_RISK, "Méně uvolněných bytů, než se čekalo; jednáme o rezervě bytů.", 234, 668),
]  # fmt: skip
WAITING = (
    (2026, 2),
    Status.ON_TRACK,
    "Majetkový odbor vyčlenil rezervu bytů; počet bytů v projektech roste.",
    238,
    675,
)


def _person(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def _period(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    return (datetime.date(year, 1, 1), datetime.date(year, 6, 30)) if half == 1 else (
        datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    )  # fmt: skip


def load(home, english_locale, translate, write) -> None:
    body = BodyPage.objects.filter(slug="pracovni-skupina", locale__language_code="cs").first()
    if body is None or ConceptPage.objects.filter(slug=CONCEPT["cs"]["slug"]).exists():
        return
    texts = CONCEPT["cs"]
    concept = ConceptPage(
        title=texts["title"], slug=texts["slug"], introduction=texts["introduction"], show_in_menus=True,
        period_from=2024, period_to=2027, body=body,
    )  # fmt: skip
    home.add_child(instance=concept)
    concept.save_revision().publish()
    translate(concept, english_locale, CONCEPT["en"])
    organisations = {organisation.display_name: organisation for organisation in Organisation.objects.all()}
    for number, title, description, measures in GOALS:
        goal = Goal.objects.create(concept=concept, number=number, title=title, description=description)
        for code, measure_title, text, lead, partners, indicators in measures:
            measure = Measure.objects.create(
                goal=goal, code=code, title=measure_title, description=text,
                lead_organisation=organisations[lead], start_year=2024, end_year=2027,
            )  # fmt: skip
            measure.partners.set([organisations[name] for name in partners])
            for position, (name, unit, baseline, year, direction) in enumerate(indicators):
                Indicator.objects.create(
                    measure=measure, name=name, unit=unit, baseline_value=baseline, baseline_year=year,
                    baseline_source=SEED if baseline is not None else "", direction=direction, position=position,
                )  # fmt: skip
    StrategyLink.objects.create(
        measure=Measure.objects.get(goal__concept=concept, code="3.3"),
        strategy="Koncepce sociálního bydlení České republiky 2015–2025",
        goal="Podpora obcí při tvorbě místních koncepcí sociálního bydlení",
        source="https://www.mpsv.cz/",
    )
    _sample_updates(concept)
    _sample_revision(concept)
    _cite_at_meetings(concept)
    write(
        f"Action plan: {Measure.objects.filter(goal__concept=concept).count()} measures, with sample progress updates."
    )


def _sample_updates(concept: ConceptPage) -> None:
    manager, chair, member = _person("manazerka"), _person("predseda"), _person("clen")
    measure = Measure.objects.get(goal__concept=concept, code="1.1")
    flats, persons = measure.indicators.order_by("position")
    with outbox.in_app_only(), translation.override("cs"):
        for (year, half), status, text, flat_count, person_count in [*APPROVED, WAITING]:
            start, end = _period(year, half)
            values = [
                {"indicator": flats, "value": Decimal(flat_count), "date": end, "source": SAMPLE},
                {"indicator": persons, "value": Decimal(person_count), "date": end, "source": SAMPLE},
            ]
            fields = {"period_start": start, "period_end": end, "status": status, "narrative": text}
            update = services.update_create(
                measure=measure, user=manager, content=UpdateContent(fields=fields, values=values)
            )
            update = services.update_submit(update=update, user=manager)
            if (year, half) != WAITING[0]:
                services.update_approve(update=update, user=chair)
        start, end = _period(2026, 2)
        services.update_create(
            measure=Measure.objects.get(goal__concept=concept, code="2.2"),
            user=member,
            content=UpdateContent(
                fields={
                    "period_start": start,
                    "period_end": end,
                    "status": Status.NOT_STARTED,
                    "narrative": "Rozpracováno: dotazník pro spolupracující aktéry čeká na připomínky skupiny.",
                }
            ),
        )


def _sample_revision(concept: ConceptPage) -> None:
    """One approved update of the plan, so the public comparison has something to show."""
    manager, chair = _person("manazerka"), _person("predseda")
    with outbox.in_app_only(), translation.override("cs"):
        revision = services.revision_create(
            concept=concept,
            user=manager,
            title="Aktualizace akčního plánu 2026 (ukázka)",
            reason="Ukázková revize: soutěž „Co pro nás znamená domov?“ se připravuje znovu (seed 004).",
        )
        change = PlanChange(
            kind=ChangeKind.CHANGE,
            measure=Measure.objects.get(goal__concept=concept, code="3.2"),
            title="Konference a nový ročník fotosoutěže „Co pro nás znamená domov?“",
        )
        services.change_save(revision=revision, user=manager, change=change)
        revision = services.revision_submit(revision=revision, user=manager)
        services.revision_decide(revision=revision, user=chair, approve=True)


def _cite_at_meetings(concept: ConceptPage) -> None:
    """The demo meetings' monitoring items cite the measures reported on."""
    items = AgendaItem.objects.filter(
        meeting__path__startswith=concept.body.path, kind=AgendaKind.MONITORING, status=ItemStatus.ACCEPTED
    ).exclude(confidentiality=Confidentiality.CONFIDENTIAL)
    manager = _person("manazerka")
    for item in items:
        for code in ("1.1", "2.2"):
            services.link_add(measure=Measure.objects.get(goal__concept=concept, code=code), user=manager, target=item)


def reset() -> None:
    """Before the home page goes: the plan's rows hold organisations and goals fast."""
    ProgressUpdate.objects.all().delete()
    PlanRevision.objects.all().delete()
    MeasureLink.objects.all().delete()
    Measure.objects.all().delete()
    Goal.objects.all().delete()
    for concept in ConceptPage.objects.all():
        concept.delete()
