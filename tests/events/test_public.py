"""What the public sees of meetings: never confidential text, personal data or members-only meetings."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from events import services
from events.models import Visibility
from tests.events.conftest import approved_meeting, make_meeting, signed_in
from tests.events.test_minutes import run_through_approval

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_and_approved(client, people, working_group):
    meeting = approved_meeting(working_group, people)
    start = timezone.now() - datetime.timedelta(days=1)
    meeting.start, meeting.end = start, start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    run_through_approval(client, meeting, people)
    client.logout()
    return meeting


def test_search_finds_public_meetings_but_never_items_or_members_only_ones(client, held_and_approved, working_group):
    secret_meeting = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="tajne-jednani")
    results = list(Page.objects.live().public().search("Testovací"))
    assert held_and_approved.page_ptr in results or held_and_approved in [r.specific for r in results]
    assert secret_meeting.pk not in {r.pk for r in results}
    assert not Page.objects.live().public().search("Dvořákových")
    for query in ("Dvořákových", "dvorakovych", "tajne jednani", "Bod pro členy"):
        page = client.get(reverse("kb_search"), {"q": query}).content.decode()
        assert "Dvořák" not in page.replace(query, "") and "tajne-jednani" not in page, query


def test_sitemap_leaves_out_members_only_meetings(client, working_group, held_and_approved):
    secret_meeting = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="jen-pro-cleny")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert held_and_approved.url in sitemap
    assert secret_meeting.slug not in sitemap
    assert "Dvořák" not in sitemap


def test_members_only_meeting_page_is_refused_to_outsiders(client, people, working_group):
    meeting = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="interni")
    assert client.get(meeting.url).status_code == 302  # to the sign-in page
    signed_in(client, people.outsider)
    assert client.get(meeting.url).status_code == 404
    signed_in(client, people.guest)
    assert client.get(meeting.url).status_code == 200


def test_turning_a_meeting_public_lifts_the_restriction(client, working_group):
    meeting = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="zverejnene")
    meeting.visibility = Visibility.PUBLIC
    meeting.save_revision().publish()
    assert client.get(meeting.url).status_code == 200


def test_public_ical_feed_holds_public_meetings_only_and_no_agenda_text(
    client, people, working_group, held_and_approved
):
    secret_meeting = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="neverejne")
    response = client.get(reverse("events:body_calendar", args=[working_group.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    assert any(str(held_and_approved.translation_key) in uid for uid in uids)
    assert not any(str(secret_meeting.translation_key) in uid for uid in uids)
    text = response.content.decode()
    for secret in ("Dvořák", "Bod pro členy", people.member.last_name):
        assert secret not in text


def test_public_page_lists_upcoming_public_meetings_on_the_body_page(client, people, working_group):
    meeting = approved_meeting(working_group, people, days=30)
    hidden = make_meeting(working_group, days=31, visibility=Visibility.MEMBERS, slug="skryte")
    page = client.get(working_group.url).content.decode()
    assert meeting.title in page and hidden.title not in page


def test_agenda_of_a_public_meeting_shows_only_public_items(client, people, working_group):
    meeting = approved_meeting(working_group, people)
    page = client.get(meeting.url).content.decode()
    assert "Veřejný bod" in page
    assert "Bod pro členy" not in page and "Dvořák" not in page


def test_restriction_service_is_idempotent(working_group):
    meeting = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="dvakrat")
    services.meeting_restriction_sync(meeting=meeting)
    assert meeting.get_view_restrictions().count() == 1


def test_dates_never_break_inside_on_a_narrow_screen(client, people, working_group):
    """Czech typography: "16. 12. 2026" keeps together (non-breaking spaces), on public and members' pages."""
    meeting = make_meeting(working_group, slug="datum-v-kuse")
    date = re.compile(r"\d{1,2}\.(.)\d{1,2}\.(.)\d{4}")
    signed_in(client, people.member)
    for url in (meeting.url, reverse("events:meeting", args=[meeting.pk])):
        found = date.findall(client.get(url).content.decode())
        assert found and all(spaces == ("\u00a0", "\u00a0") for spaces in found), (url, found[:3])
