import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from events import services
from events.models import Confidentiality, MeetingPage, Visibility
from groups.models import AgendaKind, Role
from groups.workflows import CommentPeriodTaskState
from portal import page_cache
from tests.conftest import sign_in_fresh
from tests.factories import OrganisationFactory
from tests.groups.conftest import member_of, person, with_totp

LANDLORD = "Bytová společnost Domov"  # the member's organisation, named on public pages


class People:
    """One person per role in a body, plus an outsider; leaders have two-factor set up."""

    def __init__(self, body):
        self.chair = with_totp(member_of(body, Role.CHAIR, label="predsedajici"))
        self.manager = with_totp(member_of(body, Role.MANAGER, label="manazer"))
        self.member = member_of(
            body,
            Role.MEMBER,
            label="clenka",
            organisation=OrganisationFactory(name=LANDLORD, short_name=""),
        )
        self.substitute = member_of(body, Role.SUBSTITUTE, label="nahradnice")
        self.guest = member_of(body, Role.GUEST, label="host")
        self.outsider = person("cizi")

    def all(self) -> dict:
        return {name: getattr(self, name) for name in ("chair", "manager", "member", "substitute", "guest", "outsider")}


@pytest.fixture
def people(working_group) -> People:
    return People(working_group)


def make_meeting(body, *, days: float = 20, visibility=Visibility.PUBLIC, slug=None, **extra) -> MeetingPage:
    start = timezone.now() + datetime.timedelta(days=days)
    meeting = MeetingPage(
        title=f"Testovací jednání {slug or days}",
        slug=slug or f"test-{str(days).replace('.', '-').replace('-', 'm')}-{MeetingPage.objects.count()}",
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Zasedací místnost",
        visibility=visibility,
        **extra,
    )
    body.add_child(instance=meeting)
    meeting.save_revision().publish()
    return MeetingPage.objects.get(pk=meeting.pk)


@pytest.fixture
def meeting(working_group) -> MeetingPage:
    return make_meeting(working_group)


def add_item(meeting, manager, title="Bod", confidentiality=Confidentiality.PUBLIC, **values):
    return services.agenda_item_save(
        meeting=meeting,
        user=manager,
        values={"title": title, "kind": AgendaKind.INFORMATIONAL, "confidentiality": confidentiality, **values},
    )


def approved_meeting(body, people, *, days=20, **extra) -> MeetingPage:
    meeting = make_meeting(body, days=days, **extra)
    add_item(meeting, people.manager, "Veřejný bod")
    add_item(meeting, people.manager, "Bod pro členy", Confidentiality.MEMBERS)
    add_item(meeting, people.manager, "Kazuistika rodiny Dvořákových", Confidentiality.CONFIDENTIAL)
    services.agenda_submit(meeting=meeting, user=people.manager)
    services.agenda_approve(meeting=meeting, user=people.chair)
    return MeetingPage.objects.get(pk=meeting.pk)


def comment_period_over(minutes) -> None:
    """As if the comment deadline had passed: a test cannot wait for it."""
    CommentPeriodTaskState.objects.filter(
        workflow_state__in=minutes.workflow_states, status=CommentPeriodTaskState.STATUS_IN_PROGRESS
    ).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    minutes.forget_workflow_state()
    page_cache.invalidate_public_pages()  # the engine's kept queue holds the deadline the update bypassed


def circulated_and_submitted(minutes, manager):
    """Circulated for a day, the day over, submitted to the chair."""
    minutes = services.minutes_circulate(
        minutes=minutes, user=manager, deadline=timezone.now() + datetime.timedelta(days=1)
    )
    comment_period_over(minutes)
    return services.minutes_submit(minutes=minutes, user=manager)


def signed_in(client, user):
    """Signed in just now: the chair's approvals need a recent sign-in (tested in test_approvals)."""
    return sign_in_fresh(client, user)


def pdf_text(data: bytes) -> str:
    """The text a reader of the PDF sees, whitespace folded. WeasyPrint writes glyph ids, not
    letters, so searching the file's bytes for a word proves nothing; pypdf maps glyphs back to text."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())
