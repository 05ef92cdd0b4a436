"""Regressions found in review: each of these once leaked or broke."""

import datetime
import re
from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import calendar, selectors, services
from events.models import Task, Visibility
from groups.models import Role
from groups.services import membership_create
from tests.events.conftest import (
    add_item,
    approved_meeting,
    circulated_and_submitted,
    make_meeting,
    pdf_text,
    signed_in,
)
from tests.events.test_minutes import minutes_post, run_through_approval
from tests.groups.conftest import RESOLUTION, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(people, working_group):
    meeting = approved_meeting(working_group, people)
    start = timezone.now() - datetime.timedelta(days=1)
    meeting.start, meeting.end = start, start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    return meeting


def test_unticking_the_box_does_not_show_a_case_discussion_to_guests(client, people, held):
    minutes = services.minutes_for(held)
    secret = held.agenda_items.get(title="Kazuistika rodiny Dvořákových").pk
    data = minutes_post(held, minutes, people)
    del data[f"item-{secret}-confidential"]
    data[f"item-{secret}-task-new0-what"] = "Navštívit rodinu Dvořákových"
    data[f"item-{secret}-task-new0-owner"] = people.member.pk
    signed_in(client, people.manager)
    assert client.post(reverse("events:minutes_edit", args=[held.pk]), data).status_code == 302
    circulated_and_submitted(minutes, people.manager)
    services.minutes_approve(minutes=minutes, user=people.chair)
    assert Task.objects.get(what__contains="Dvořák").confidential
    signed_in(client, people.guest)
    for name in ("events:minutes", "events:minutes_print"):
        assert "Dvořák" not in client.get(reverse(name, args=[held.pk])).content.decode(), name
    assert "Dvořák" not in pdf_text(client.get(reverse("events:minutes_pdf", args=[held.pk])).content)
    assert "Dvořák" not in client.get(reverse("groups:body_internal", args=[held.body.pk])).content.decode()
    signed_in(client, people.member)  # the check above can fail: a core member's PDF names the family
    assert "Dvořák" in pdf_text(client.get(reverse("events:minutes_pdf", args=[held.pk])).content)


def test_invitation_mail_names_only_items_the_invitee_may_read(
    people, working_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = approved_meeting(working_group, people)
    guest_mail = next(m for m in mail.outbox if m.to == [people.guest.email])
    member_mail = next(m for m in mail.outbox if m.to == [people.member.email])
    assert "Dvořák" not in guest_mail.body and "Dvořák" in member_mail.body
    mail.outbox.clear()
    add_item(meeting, people.manager, "Kazuistika pana Nováka", "confidential")
    services.agenda_submit(meeting=meeting, user=people.manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_approve(meeting=meeting, user=people.chair)
    guest_mail = next(m for m in mail.outbox if m.to == [people.guest.email])
    assert "Nováka" not in guest_mail.body


def test_plain_members_do_not_get_members_only_sub_group_meetings(client, people, working_group, subgroup):
    secret = make_meeting(
        subgroup, visibility=Visibility.MEMBERS, slug="podskupina-interni", online_url="https://meet.example/x"
    )
    feed = client.get(reverse("events:personal_calendar", args=[calendar.feed_token(people.member)])).content.decode()
    assert "meet.example" not in feed
    assert secret.pk not in {m.pk for m in selectors.upcoming_meetings_for(people.member)}
    assert secret.pk in {m.pk for m in selectors.upcoming_meetings_for(people.manager)}  # leaders see sub-groups


def test_public_page_shows_items_only_as_approved(client, people, working_group):
    meeting = make_meeting(working_group, slug="neschvaleny-program")
    add_item(meeting, people.manager, "Nepublikovaný veřejný bod")
    assert "Nepublikovaný veřejný bod" not in client.get(meeting.url).content.decode()
    services.agenda_submit(meeting=meeting, user=people.manager)
    services.agenda_approve(meeting=meeting, user=people.chair)
    item = meeting.agenda_items.get()
    services.agenda_item_save(meeting=meeting, user=people.manager, values={"title": "Přejmenovaný bod"}, item=item)
    page = client.get(meeting.url).content.decode()
    assert "Nepublikovaný veřejný bod" in page and "Přejmenovaný bod" not in page


def test_chair_cannot_approve_once_the_meeting_started(client, people, working_group):
    meeting = make_meeting(working_group, slug="pozde-schvalovat")
    add_item(meeting, people.manager)
    services.agenda_submit(meeting=meeting, user=people.manager)
    meeting.start = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    signed_in(client, people.chair)
    assert client.post(reverse("events:agenda_action", args=[meeting.pk, "approve"])).status_code == 403
    with pytest.raises(ValidationError, match="Jednání už začalo"):
        services.agenda_approve(meeting=meeting, user=people.chair)
    assert not meeting.invitations.exists()


@pytest.mark.parametrize("year", [1, 1999, 2101, 9999, 10000])
def test_plan_outside_sensible_years_is_not_found(client, people, working_group, year):
    signed_in(client, people.member)
    assert client.get(reverse("events:plan_year", args=[working_group.pk, year])).status_code == 404


def test_person_with_two_roles_is_listed_once(people, working_group):
    membership_create(
        person=people.member,
        organisation=people.member.memberships.first().organisation,
        body=working_group,
        role=Role.SUBSTITUTE,
        **RESOLUTION,
    )
    meeting = make_meeting(working_group, days=-1, slug="dve-role")
    persons = [row["person"] for row in services.minutes_for(meeting).content["attendance"]]
    assert persons.count(people.member.pk) == 1


def test_minutes_page_ids_are_unique_with_a_pending_correction(client, people, held):
    run_through_approval(client, held, people)
    minutes = services.minutes_for(held)
    services.minutes_save(
        minutes=minutes,
        user=people.manager,
        content={**minutes.content, "attendance": []},
        based_on=minutes.latest_revision_id,
    )
    services.minutes_circulate(
        minutes=minutes, user=people.manager, deadline=timezone.now() + datetime.timedelta(days=2)
    )
    member_of(held.body, Role.MEMBER)
    signed_in(client, people.member)
    page = client.get(reverse("events:minutes", args=[held.pk])).content.decode()
    duplicates = [i for i, n in Counter(re.findall(r'\bid="([^"]+)"', page)).items() if n > 1]
    assert duplicates == []
