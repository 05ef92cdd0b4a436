"""One visibility rule per object (`visible_to(user)` in events/models.py): what each role reaches, and
the predicates and pages that read through it."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events import permissions, services
from events.models import (
    AgendaDocument,
    AgendaItem,
    Confidentiality,
    Decision,
    MeetingPage,
    MinutesComment,
    MinutesEntry,
    Task,
    Visibility,
)
from groups.models import BodyKind, Role
from tests.events.conftest import make_meeting, signed_in
from tests.factories import BodyFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def city():
    """A working group with a thematic sub-group, built here (not found in the demo)."""
    working_group = BodyFactory(title="Pracovní skupina sociálního bydlení")
    subgroup = BodyFactory(parent=working_group, title="Krizové bydlení", kind=BodyKind.SUBGROUP)
    return working_group, subgroup


@pytest.fixture
def people(city):
    """One person per role in the working group, and an outsider."""
    working_group, _subgroup = city
    roles = {"chair": Role.CHAIR, "manager": Role.MANAGER, "member": Role.MEMBER, "substitute": Role.SUBSTITUTE}
    found = {name: member_of(working_group, role) for name, role in roles.items()}
    found["guest"] = member_of(working_group, Role.GUEST)
    found["outsider"] = UserFactory()
    return SimpleNamespace(**found)


@pytest.fixture
def setting(people, city):
    working_group, subgroup = city
    """A members-only meeting with an item at each level, a member's proposal with an annex, a
    decision and a task from a case discussion and from an ordinary item, and a sub-group meeting."""
    meeting = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="jen-pro-cleny")
    items = {
        level: services.agenda_item_save(
            meeting=meeting,
            user=people.manager,
            values={"title": f"Bod {level}", "confidentiality": level},
            files=[SimpleUploadedFile(f"{level}.pdf", PDF, content_type="application/pdf")],
        )
        for level in Confidentiality.values
    }
    proposal = services.agenda_item_propose(
        meeting=meeting,
        user=people.member,
        values={"title": "Návrh členky"},
        files=[SimpleUploadedFile("n.pdf", PDF, content_type="application/pdf")],
    )
    minutes = services.minutes_for(meeting)
    records = {}
    for secret in (False, True):
        item = items[Confidentiality.CONFIDENTIAL if secret else Confidentiality.MEMBERS]
        common = {"body": working_group, "minutes": minutes, "agenda_item": item, "confidential": secret}
        records[secret] = (
            Decision.objects.create(
                key=f"d{secret}", year=2026, sequence=900 + secret, number=f"X-{secret}", text="U", **common
            ),
            Task.objects.create(key=f"t{secret}", what="Úkol", owner=people.member if secret else None, **common),
            MinutesComment.objects.create(minutes=minutes, agenda_item=item, author=people.member, text="K"),
        )
    sub_meeting = make_meeting(subgroup, visibility=Visibility.MEMBERS, slug="podskupina")
    return meeting, items, proposal, records, sub_meeting


def reader(people, role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "administrator":
        return UserFactory(is_superuser=True, is_staff=True)
    return getattr(people, role)


# role → (members-only meeting, confidential item and records, member's proposal, sub-group meeting)
EXPECTED = {
    "chair": (True, True, False, True),  # a working group's chair leads its sub-groups too
    "manager": (True, True, True, True),
    "member": (True, True, True, False),
    "substitute": (True, True, False, False),
    "guest": (True, False, False, False),
    "outsider": (False, False, False, False),
    "anonymous": (False, False, False, False),
    "administrator": (True, True, True, True),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_reaches_what_the_rule_says(people, setting, role):
    meeting, items, proposal, records, sub_meeting = setting
    user = reader(people, role)
    sees_meeting, sees_confidential, sees_proposal, sees_subgroup = EXPECTED[role]
    meetings = MeetingPage.objects.visible_to(user)
    assert meetings.filter(pk=meeting.pk).exists() is sees_meeting
    assert meetings.filter(pk=sub_meeting.pk).exists() is sees_subgroup
    visible_items = set(AgendaItem.objects.visible_to(user).filter(meeting=meeting))
    expected_items = set()
    if sees_meeting:
        expected_items = {items[Confidentiality.PUBLIC], items[Confidentiality.MEMBERS]}
        expected_items |= {items[Confidentiality.CONFIDENTIAL]} if sees_confidential else set()
        expected_items |= {proposal} if sees_proposal else set()
    assert visible_items == expected_items
    annexes = set(AgendaDocument.objects.visible_to(user).filter(item__meeting=meeting).values_list("item", flat=True))
    assert annexes == {item.pk for item in expected_items}
    for secret, (decision, task, comment) in records.items():
        shown = sees_meeting and (sees_confidential or not secret)
        assert Decision.objects.visible_to(user).filter(pk=decision.pk).exists() is shown, (role, secret)
        owner_sees = role == "member" and secret  # the task's owner
        assert Task.objects.visible_to(user).filter(pk=task.pk).exists() is (shown or owner_sees), (role, secret)
        assert MinutesComment.objects.visible_to(user).filter(pk=comment.pk).exists() is shown, (role, secret)
    entries = set(
        MinutesEntry.objects.visible_to(user).filter(minutes__meeting=meeting).values_list("agenda_item", flat=True)
    )
    assert entries == {item.pk for item in expected_items if item != proposal}
    # The predicates ask the same querysets.
    for item in items.values():
        assert permissions.can_view_item(user, item) is (item in expected_items)
    assert permissions.can_view_meeting(user, meeting) is sees_meeting


def test_pages_and_downloads_read_through_the_rule(client, people, setting):
    meeting, items, proposal, _records, _sub = setting
    secret_annex = items[Confidentiality.CONFIDENTIAL].documents.get()
    proposal_annex = proposal.documents.get()
    signed_in(client, people.guest)
    assert client.get(reverse("events:document", args=[secret_annex.pk])).status_code == 404
    assert client.get(reverse("events:document", args=[proposal_annex.pk])).status_code == 404
    page = client.get(reverse("events:meeting", args=[meeting.pk])).content.decode()
    assert "Bod members" in page and "Bod confidential" not in page
    signed_in(client, people.member)  # the proposer reads her own proposal's annex
    assert client.get(reverse("events:document", args=[proposal_annex.pk])).status_code == 200
    outsider = member_of(meeting.body, Role.GUEST)  # a permanent guest until today
    today = timezone.localdate()
    outsider.memberships.update(term_start=today - datetime.timedelta(days=30), term_end=today)  # a guest no more
    signed_in(client, outsider)
    assert client.get(reverse("events:document", args=[secret_annex.pk])).status_code == 404
    assert client.get(meeting.url).status_code == 404
