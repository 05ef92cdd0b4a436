"""A year of meetings for the Ostrava-model demo, built through the real services.

Two working-group meetings and two round tables around today: one held with approved minutes, one
with minutes in circulation, one upcoming with an approved agenda, one planned. The agenda kinds and
topics come from seed 004 (Ostrava); whatever is illustrative says "ukázka" (sample).
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from events import services
from events.models import Attendance, Confidentiality, MeetingPage, Visibility
from groups.demo import DEMO_DOMAIN
from groups.models import AgendaKind, BodyPage, Organisation
from portal import outbox
from portal.models import User

PLACE = "Magistrát města Ostravy, Prokešovo nám. 8, zasedací místnost (ukázka)"

# key -> (body slug, meeting title, days from today, stage)
MEETINGS = [
    ("ps-approved", "pracovni-skupina", "Jednání pracovní skupiny", -150, "approved"),
    ("ks-circulating", "kulaty-stul", "Kulatý stůl k sociálnímu bydlení", -12, "circulating"),
    ("ps-upcoming", "pracovni-skupina", "Jednání pracovní skupiny", 16, "agenda_approved"),
    ("ks-planned", "kulaty-stul", "Kulatý stůl k sociálnímu bydlení", 120, "planned"),
]

# (kind, title, presenter e-mail local part, confidentiality, description)
ITEMS = {
    "ps-approved": [
        (
            AgendaKind.INFORMATIONAL,
            "Vzájemné informování o realizovaných aktivitách",
            "manazerka",
            "public",
            "Krátké zprávy členů o tom, co od minulého jednání udělali.",
        ),
        (
            AgendaKind.EDUCATIONAL,
            "Kontaktní místo pro bydlení: pilotní sběr dat",
            "clen",
            "public",
            "Jak kontaktní místo sbírá data o dopadech sociálního bydlení na domácnosti.",
        ),
        (
            AgendaKind.MONITORING,
            "Monitoring naplňování Akčního plánu",
            "manazerka",
            "members",
            "Postup naplňování stanovených cílů a výstupů.",
        ),
        (
            AgendaKind.DEVELOPMENT,
            "Aktualizace Koncepce sociálního bydlení",
            "predseda",
            "public",
            "Jak postupovat při aktualizaci místní koncepce a akčních plánů.",
        ),
        (
            AgendaKind.MONITORING,
            "Kazuistika: domácnost ohrožená ztrátou bydlení (ukázka)",
            "clen",
            "confidential",
            "Případová diskuse; důvěrné.",
        ),
    ],
    "ks-circulating": [
        (AgendaKind.INFORMATIONAL, "Informace z Pracovní skupiny sociálního bydlení", "manazerka", "public", ""),
        (
            AgendaKind.EDUCATIONAL,
            "Fotosoutěž „Co pro nás znamená domov?“",
            "manazerka",
            "public",
            "Soutěž pro klienty projektu sociálního bydlení; připravujeme další ročník.",
        ),
        (AgendaKind.MONITORING, "Spolupráce škol a OSPOD při hrozící ztrátě bydlení (ukázka)", "ospod", "members", ""),
    ],
    "ps-upcoming": [
        (AgendaKind.INFORMATIONAL, "Informace z Kulatého stolu", "manazerka", "public", ""),
        (
            AgendaKind.EDUCATIONAL,
            "Evaluace spolupráce klíčových aktérů",
            "clen",
            "public",
            "Individuální reflexe rolí a spolupráce v místním systému sociálního bydlení.",
        ),
        (AgendaKind.MONITORING, "Monitoring Akčního plánu: stav opatření", "manazerka", "members", ""),
        (AgendaKind.DEVELOPMENT, "Návrh aktualizace Koncepce sociálního bydlení", "predseda", "public", ""),
    ],
    "ks-planned": [
        (AgendaKind.INFORMATIONAL, "Informace z Pracovní skupiny sociálního bydlení", "manazerka", "public", ""),
    ],
}


def _person(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def _organisation_of(body: BodyPage, person: User) -> Organisation | None:
    membership = body.memberships.filter(person=person).select_related("organisation").first()
    return membership.organisation if membership else None


def load(write) -> None:
    with outbox.in_app_only():
        for key, body_slug, label, days, stage in MEETINGS:
            body = BodyPage.objects.filter(slug=body_slug, locale__language_code="cs").first()
            if body is None or MeetingPage.objects.child_of(body).filter(slug=key).exists():
                continue
            _meeting(body, key, label, days, stage)


def _meeting(body: BodyPage, key: str, label: str, days: int, stage: str) -> MeetingPage:
    manager, chair = _person("manazerka"), _person("predseda")
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)
    # The agenda is approved before a meeting starts: held meetings are planned ahead, then moved back.
    planned_start = max(start, timezone.now() + datetime.timedelta(days=1))
    meeting = MeetingPage(
        title=f"{label} {date_format(start, 'j. n. Y')}",
        slug=key,
        start=planned_start,
        end=planned_start + datetime.timedelta(hours=2),
        place=PLACE,
        visibility=Visibility.PUBLIC,
    )
    body.add_child(instance=meeting)
    meeting.save_revision(user=manager).publish()
    for item_kind, title, presenter, confidentiality, description in ITEMS[key]:
        person = _person(presenter)
        services.agenda_item_save(
            meeting=meeting,
            user=manager,
            values={
                "kind": item_kind,
                "title": title,
                "presenter": person,
                "presenter_organisation": _organisation_of(body, person),
                "planned_minutes": 20,
                "confidentiality": Confidentiality(confidentiality),
                "description": description,
            },
        )
    if stage == "planned":
        services.agenda_item_propose(
            meeting=meeting,
            user=_person("clen"),
            values={"kind": AgendaKind.EDUCATIONAL, "title": "Zkušenosti s registračním týdnem (ukázka)"},
        )
        return meeting
    services.agenda_submit(meeting=meeting, user=manager)
    services.agenda_approve(meeting=meeting, user=chair)
    if start != planned_start:
        meeting.start, meeting.end = start, start + datetime.timedelta(hours=2)
        meeting.save_revision(user=manager).publish()
    if stage == "agenda_approved":
        services.invitation_respond(invitation=meeting.invitations.get(person=manager), response="yes")
        return meeting
    _minutes(meeting, manager, chair, approve=stage == "approved")
    return meeting


def _minutes(meeting: MeetingPage, manager: User, chair: User, approve: bool) -> None:
    minutes = services.minutes_for(meeting)
    content = minutes.content
    for number, row in enumerate(content["attendance"]):
        row["status"] = Attendance.EXCUSED if number % 5 == 4 else Attendance.PRESENT
    items = {item.title: item for item in meeting.agenda_items.all()}
    for entry in content["items"]:
        title = next(t for t, item in items.items() if item.pk == entry["agenda_item"])
        entry["notes"] = NOTES.get(title, "Členové vzali informaci na vědomí. (ukázka)")
        entry["decisions"] = [{"key": services.new_key(), "text": text} for text in DECISIONS.get(title, [])]
        entry["tasks"] = [_task(meeting, *task) for task in TASKS.get(title, [])]
    minutes = services.minutes_save(minutes=minutes, user=manager, content=content, based_on=minutes.latest_revision_id)
    deadline = timezone.now() + datetime.timedelta(days=5)
    minutes = services.minutes_circulate(minutes=minutes, user=manager, deadline=deadline)
    services.minutes_comment(
        minutes=minutes,
        user=_person("clen"),
        agenda_item=meeting.agenda_items.order_by("position")[1],
        text="Prosím doplnit, že data z kontaktního místa budou k dispozici pololetně. (ukázka)",
    )
    if approve:
        # The chair heard the members' points at the meeting itself and closes the comments early.
        reason = "Připomínky členů byly vypořádány na jednání. (ukázka)"
        minutes = services.minutes_close_comments(minutes=minutes, user=chair, reason=reason)
        services.minutes_approve(minutes=minutes, user=chair)


def _task(meeting: MeetingPage, what: str, owner: str, due_in_days: int) -> dict:
    person = _person(owner)
    organisation = _organisation_of(meeting.body, person)
    due = timezone.localdate() + datetime.timedelta(days=due_in_days)
    return {
        "key": services.new_key(),
        "what": what,
        "owner": person.pk,
        "organisation": organisation.pk if organisation else None,
        "due": due.isoformat(),
    }


NOTES = {
    "Monitoring naplňování Akčního plánu": (
        "Manažerka představila postup naplňování cílů a výstupů Akčního plánu.\n\n"
        "- opatření v realizaci podle harmonogramu (ukázka)\n- u dvou opatření je třeba upřesnit výstupy (ukázka)"
    ),
    "Aktualizace Koncepce sociálního bydlení": (
        "Předseda navrhl zahájit aktualizaci Koncepce sociálního bydlení s aktivní rolí členů PS "
        "při formulaci i naplňování jednotlivých opatření."
    ),
    "Kazuistika: domácnost ohrožená ztrátou bydlení (ukázka)": (
        "Důvěrné: projednání situace konkrétní domácnosti a dohoda o postupu. (ukázka)"
    ),
}
DECISIONS = {
    "Monitoring naplňování Akčního plánu": ["PS bere na vědomí informaci o naplňování Akčního plánu."],
    "Aktualizace Koncepce sociálního bydlení": ["PS doporučuje zahájit aktualizaci Koncepce sociálního bydlení."],
    "Kazuistika: domácnost ohrožená ztrátou bydlení (ukázka)": ["PS doporučuje svolat případovou konferenci. (ukázka)"],
}
TASKS = {
    "Aktualizace Koncepce sociálního bydlení": [
        ("Připravit harmonogram aktualizace Koncepce (ukázka)", "manazerka", 20)
    ],
    "Monitoring naplňování Akčního plánu": [
        ("Zaslat přehled bytů pro domácnosti v bytové nouzi (ukázka)", "majetek", -5),
        ("Doplnit výstupy opatření za Kontaktní místo pro bydlení (ukázka)", "clen", 2),
    ],
    "Kazuistika: domácnost ohrožená ztrátou bydlení (ukázka)": [("Svolat případovou konferenci (ukázka)", "clen", 10)],
}


def reset() -> None:
    """Remove the meetings (with their agendas, minutes, decisions and tasks); only for `load_demo --reset`."""
    for meeting in MeetingPage.objects.all():
        meeting.delete()
