"""Answering the invitation from the e-mail link, without signing in."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Response
from tests.events.conftest import approved_meeting, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(people, working_group, django_capture_on_commit_callbacks):
    """The member's invitation and the token of the RSVP link their e-mail carries."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = approved_meeting(working_group, people)
    message = next(m for m in mail.outbox if m.to == [people.member.email])
    token = re.search(r"/odpoved/([^/\s]+)/", message.body).group(1)
    return meeting.invitations.get(person=people.member), token


def test_link_answers_for_that_invitation_only(client, invitation):
    found, token = invitation
    url = reverse("events:rsvp", args=[token])
    page = client.get(url + "?odpoved=no")
    assert page.status_code == 200 and page.context["form"].initial["response"] == "no"
    client.post(url, {"response": "no"})
    found.refresh_from_db()
    assert found.response == Response.NO and found.responded_at is not None


def test_substitute_needs_a_name(client, invitation):
    found, token = invitation
    refused = client.post(reverse("events:rsvp", args=[token]), {"response": "substitute"})
    found.refresh_from_db()
    assert found.response == Response.PENDING
    # what was chosen stays chosen; the reason sits at the field, linked to it for screen readers
    html = refused.content.decode()
    assert refused.status_code == 400
    assert re.search(r'<input[^>]*value="substitute"[^>]*checked', html)
    assert 'id="id_substitute_name_error"' in html and "Uveďte jméno člověka, kterého posíláte." in html
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_substitute_name_error', html)
    assert 'role="alert"' in html
    client.post(reverse("events:rsvp", args=[token]), {"response": "substitute", "substitute_name": "Petr Malý"})
    found.refresh_from_db()
    assert found.response == Response.SUBSTITUTE and found.substitute_name == "Petr Malý"


def test_answer_after_the_meeting_ended_is_refused(client, invitation):
    found, token = invitation
    meeting = found.meeting
    meeting.start = timezone.now() - datetime.timedelta(days=2)
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    response = client.post(reverse("events:rsvp", args=[token]), {"response": "yes"})
    found.refresh_from_db()
    assert found.response == Response.PENDING
    assert response.status_code == 400
    assert "Jednání už skončilo; odpovědi jsou uzavřené." in response.content.decode()


def test_unknown_token_is_not_found(client):
    assert client.get(reverse("events:rsvp", args=["neexistuje"])).status_code == 404


def test_invalid_answer_is_refused(client, invitation):
    found, token = invitation
    client.post(reverse("events:rsvp", args=[token]), {"response": "maybe"})
    found.refresh_from_db()
    assert found.response == Response.PENDING


def test_the_managers_own_answer_is_taken_from_the_invitations_read_for_the_list(client, people, working_group):
    meeting = approved_meeting(working_group, people)
    own = meeting.invitations.get(person=people.manager)
    own.response = Response.NO
    own.save()
    signed_in(client, people.manager)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("events:meeting", args=[meeting.pk]))
    assert response.context["rsvp_form"].initial["response"] == Response.NO
    assert len(response.context["invitations"]) == meeting.invitations.count() > 1
    assert sum('FROM "events_meetinginvitation"' in query["sql"] for query in captured.captured_queries) == 1


def test_the_meeting_page_stops_asking_once_the_meeting_has_ended(client, people, working_group):
    meeting = approved_meeting(working_group, people)
    signed_in(client, people.member)
    url = reverse("events:meeting", args=[meeting.pk])
    assert "Zúčastníte se?" in client.get(url).content.decode()
    start = timezone.now() - datetime.timedelta(days=1)
    meeting.start, meeting.end = start, start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    assert "Zúčastníte se?" not in client.get(url).content.decode()
