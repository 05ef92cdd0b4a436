"""The chair's approvals that e-mail people take two steps: the second says who gets what, by name."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import AgendaState, MeetingInvitation, MinutesState
from portal.models import OutboxMessage
from tests.events.conftest import add_item, approved_meeting, circulated_and_submitted, signed_in

pytestmark = pytest.mark.django_db
ROLES_REFUSED = [("manager", 403), ("member", 403), ("substitute", 403), ("guest", 403), ("outsider", 404)]


@pytest.fixture
def submitted(people, meeting):
    add_item(meeting, people.manager, "Výběr bytů pro Housing First")
    services.agenda_submit(meeting=meeting, user=people.manager)
    return meeting


@pytest.fixture
def minutes_submitted(people, working_group):
    meeting = approved_meeting(working_group, people, days=20)
    meeting.start = timezone.now() - datetime.timedelta(days=1)
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    return circulated_and_submitted(services.minutes_for(meeting), people.manager)


def test_the_chairs_button_leads_to_the_confirmation_not_to_the_mail(client, people, submitted):
    signed_in(client, people.chair)
    page = client.get(reverse("events:meeting", args=[submitted.pk])).content.decode()

    confirm_url = reverse("events:agenda_approve_confirm", args=[submitted.pk])
    assert f'href="{confirm_url}"' in page
    assert reverse("events:agenda_action", args=[submitted.pk, "approve"]) not in page


def test_the_confirmation_names_everyone_who_will_be_invited_and_sends_nothing(client, people, submitted):
    signed_in(client, people.chair)
    queued = OutboxMessage.objects.count()

    response = client.get(reverse("events:agenda_approve_confirm", args=[submitted.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    # The body's five members (chair, manager, member, substitute, guest), by name; not the outsider.
    assert "Pozvánka s programem odejde e-mailem 5 lidem:" in page
    for role in ("chair", "manager", "member", "substitute", "guest"):
        assert str(getattr(people, role)) in page, role
    assert str(people.outsider) not in page
    assert "Výběr bytů pro Housing First" in page
    assert "Ano, schválit a odeslat 5 e-mailů" in page
    assert f'action="{reverse("events:agenda_action", args=[submitted.pk, "approve"])}"' in page
    # Looking is not approving.
    assert services.agenda_for(submitted).state == AgendaState.SUBMITTED
    assert not MeetingInvitation.objects.filter(meeting=submitted).exists() and OutboxMessage.objects.count() == queued


def test_confirming_approves_and_invites(client, people, submitted):
    signed_in(client, people.chair)

    client.post(reverse("events:agenda_action", args=[submitted.pk, "approve"]))

    assert services.agenda_for(submitted).state == AgendaState.APPROVED
    assert MeetingInvitation.objects.filter(meeting=submitted).count() == 5


@pytest.mark.parametrize("role,status", ROLES_REFUSED)
def test_only_the_chair_sees_the_agenda_confirmation(client, people, submitted, role, status):
    signed_in(client, getattr(people, role))

    assert client.get(reverse("events:agenda_approve_confirm", args=[submitted.pk])).status_code == status


def test_no_confirmation_for_an_agenda_not_submitted(client, people, meeting):
    signed_in(client, people.chair)

    assert client.get(reverse("events:agenda_approve_confirm", args=[meeting.pk])).status_code == 403


def test_the_minutes_confirmation_says_they_are_published_and_to_whom(client, people, minutes_submitted):
    meeting = minutes_submitted.meeting
    signed_in(client, people.chair)
    minutes_page = client.get(reverse("events:minutes", args=[meeting.pk])).content.decode()
    assert reverse("events:minutes_approve_confirm", args=[meeting.pk]) in minutes_page

    page = client.get(reverse("events:minutes_approve_confirm", args=[meeting.pk])).content.decode()

    assert "Zápis se zveřejní a e-mailem se to dozví 5 lidí:" in page
    assert str(people.member) in page and str(people.outsider) not in page
    minutes_submitted.refresh_from_db()
    assert minutes_submitted.state == MinutesState.SUBMITTED


@pytest.mark.parametrize("role,status", ROLES_REFUSED)
def test_only_the_chair_sees_the_minutes_confirmation(client, people, minutes_submitted, role, status):
    signed_in(client, getattr(people, role))

    url = reverse("events:minutes_approve_confirm", args=[minutes_submitted.meeting_id])
    assert client.get(url).status_code == status
