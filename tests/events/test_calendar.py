"""The private per-person calendar: a signed address that can be revoked."""

import icalendar
import pytest
from django.urls import reverse

from events import calendar
from events.models import Visibility
from tests.events.conftest import make_meeting, signed_in

pytestmark = pytest.mark.django_db


def test_personal_feed_lists_my_bodies_meetings_including_members_only(client, people, working_group, round_table):
    internal = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="interni-kalendar")
    token = calendar.feed_token(people.member)
    response = client.get(reverse("events:personal_calendar", args=[token]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert any(str(internal.translation_key) in str(event["uid"]) for event in events)
    outsider_feed = client.get(reverse("events:personal_calendar", args=[calendar.feed_token(people.outsider)]))
    assert not icalendar.Calendar.from_ical(outsider_feed.content).walk("VEVENT")


def test_new_address_revokes_the_old_one(client, people):
    old = calendar.feed_token(people.member)
    signed_in(client, people.member)
    page = client.get(reverse("events:calendar_settings")).content.decode()
    assert old in page
    client.post(reverse("events:calendar_settings"))
    assert client.get(reverse("events:personal_calendar", args=[old])).status_code == 404
    assert client.get(reverse("events:personal_calendar", args=[calendar.feed_token(people.member)])).status_code == 200


@pytest.mark.parametrize("token", ["nesmysl", "1:abc:xyz", "x" * 300])
def test_tampered_token_is_not_found(client, token):
    assert client.get(reverse("events:personal_calendar", args=[token])).status_code == 404


def test_inactive_person_loses_the_feed(client, people):
    token = calendar.feed_token(people.member)
    people.member.is_active = False
    people.member.save()
    assert client.get(reverse("events:personal_calendar", args=[token])).status_code == 404
