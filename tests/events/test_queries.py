"""Query counts stay flat as meetings and agenda items grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import AgendaItem, Confidentiality, ItemStatus
from groups.models import AgendaKind, Membership, Role
from tests.events.conftest import circulated_and_submitted, make_meeting, signed_in
from tests.events.test_minutes import run_through_approval, write_minutes
from tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def add_meetings(body, count: int) -> None:
    for number in range(count):
        make_meeting(body, days=number + 1, slug=f"rada-{count}-{number}")


def held_meeting(body, people, *, items: int, slug: str, presenting=None):
    """A meeting held yesterday: `items` items plus a public, a members' and a confidential one, its agenda
    approved by the chair."""
    meeting = make_meeting(body, days=20, slug=slug)
    add_items(meeting, people.manager, items, presenting)
    for title in ("Veřejný bod", "Bod pro členy"):
        services.agenda_item_save(meeting=meeting, user=people.manager, values={"title": title})
    services.agenda_item_save(
        meeting=meeting,
        user=people.manager,
        values={"title": "Kazuistika rodiny Dvořákových", "confidentiality": "confidential"},
    )
    services.agenda_submit(meeting=meeting, user=people.manager)
    services.agenda_approve(meeting=meeting, user=people.chair)
    start = timezone.now() - datetime.timedelta(days=1)
    meeting.start, meeting.end = start, start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    return meeting


@pytest.mark.parametrize("count", [5, pytest.param(100, marks=pytest.mark.slow)])
def test_body_meeting_list_queries_do_not_grow(client, people, subgroup, count, django_assert_max_num_queries):
    add_meetings(subgroup, count)
    signed_in(client, people.manager)
    url = reverse("groups:body_internal", args=[subgroup.pk])
    client.get(url)
    with django_assert_max_num_queries(7):  # its meetings and the ownership matrix kept (portal.public_parts)
        response = client.get(url)
    link_prefix = reverse("events:meeting", args=[1]).removesuffix("1/")
    # The next five; all of them are in the members' archive by year (tests/events/test_members_lists.py).
    assert response.content.decode().count(link_prefix) == min(count, 5)


def add_items(meeting, manager, count: int, organisation=None) -> None:
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=number + 10,
            title=f"Bod {number}",
            kind=AgendaKind.INFORMATIONAL,
            confidentiality=Confidentiality.PUBLIC,
            status=ItemStatus.ACCEPTED,
            presenter=manager,
            presenter_organisation=organisation,
        )
        for number in range(count)
    )


@pytest.mark.parametrize("count", [5, pytest.param(100, marks=pytest.mark.slow)])
def test_minutes_page_queries_do_not_grow_with_items(
    client, people, working_group, count, django_assert_max_num_queries
):
    meeting = held_meeting(working_group, people, items=count, slug=f"mnoho-bodu-{count}")
    run_through_approval(client, meeting, people)
    signed_in(client, people.member)
    for url in (reverse("events:minutes", args=[meeting.pk]), reverse("events:meeting", args=[meeting.pk])):
        client.get(url)
        with django_assert_max_num_queries(12):  # the approval engine: workflow, comment period, approvers, history
            response = client.get(url)
        assert response.status_code == 200
        assert f"Bod {count - 1}" in response.content.decode()
    client.logout()
    client.get(meeting.url)
    # The page with its agenda and minutes: a public meeting is visible to everyone without asking, and its
    # heading (with its body), programme and minutes are kept (MeetingPage.get_context; a query string keeps
    # the whole page from being served from the cache). Their first rendering:
    # tests/events/test_queries.py::test_the_public_meeting_reads_the_organisations_….
    with django_assert_max_num_queries(1):
        response = client.get(meeting.url, QUERY_STRING="x=1")
    assert f"Bod {count - 1}" in response.content.decode() and "PS schvaluje" not in response.content.decode()


def test_the_kept_programme_is_shared_but_the_way_to_the_members_area_is_each_visitors_own(
    client, people, working_group
):
    meeting = held_meeting(working_group, people, items=1, slug="sdileny-program")
    members_area = reverse("events:meeting", args=[meeting.pk])
    for reader in ("member", "anonymous", "member"):  # whoever comes first, the other sees their own
        if reader == "member":
            signed_in(client, people.member)
        else:
            client.logout()
        html = client.get(meeting.url, QUERY_STRING="x=1").content.decode()
        assert "Bod 0" in html and (members_area in html) == (reader == "member")


def test_the_public_meeting_reads_the_organisations_of_its_agenda_and_minutes_together(client, people, working_group):
    """The presenting organisation of a public item and the attending ones of the public minutes: one read
    (when the programme and minutes are rendered, before they are kept)."""
    presenting = OrganisationFactory(name="Armáda spásy", short_name="AS Ostrava")
    meeting = held_meeting(working_group, people, items=1, slug="organizace", presenting=presenting)
    run_through_approval(client, meeting, people)
    client.logout()
    with CaptureQueriesContext(connection) as captured:
        page = client.get(meeting.url, QUERY_STRING="x=1").content.decode()
    attending = Membership.objects.get(body=working_group, person=people.member).organisation
    assert presenting.display_name in page and attending.display_name in page
    assert sum('FROM "groups_organisation"' in query["sql"] for query in captured.captured_queries) == 1


def minutes_of_size(client, people, body, *, items: int, attendees: int, slug: str):
    """Approved minutes with `items` more agenda items, each with two decisions and a task for one of
    `attendees` more people, and a correction since (so the working copy shows beside them)."""
    crowd = [member_of(body, Role.MEMBER) for _ in range(attendees)]
    meeting = held_meeting(body, people, items=items, slug=slug)
    minutes = write_minutes(client, meeting, people)
    content = minutes.content
    for number, entry in enumerate(content["items"]):
        entry["decisions"] += [{"key": f"d{number}-{n}", "text": f"Usnesení {number}/{n}"} for n in range(2)]
        owner = crowd[number % len(crowd)] if crowd else people.member
        entry["tasks"] += [{"key": f"t{number}", "what": f"Úkol {number}", "owner": owner.pk, "due": None}]
    services.minutes_save(minutes=minutes, user=people.manager, content=content, based_on=minutes.latest_revision_id)
    circulated_and_submitted(minutes, people.manager)
    minutes = services.minutes_approve(minutes=minutes, user=people.chair)
    correction = minutes.content
    correction["items"][0]["notes"] = "Opraveno-po-schváleni"
    services.minutes_save(minutes=minutes, user=people.manager, content=correction, based_on=minutes.latest_revision_id)
    return meeting


# The site frame, the meeting, its body and minutes, the approval engine (workflow, history); the
# records of the approved version are kept per approval (Minutes.keep_approved_records); then the
# agenda items, people, organisations and decision numbers, once. The manager also reads the working
# copy: its revision, with its references checked in one query per referenced model
# (portal/revisions.py), not one per attendee, decision and task.
MINUTES_PAGE_QUERIES = {"manager": 21, "member": 12}


@pytest.mark.parametrize(
    ("items", "attendees"), [(5, 8), pytest.param(60, 40, marks=pytest.mark.slow)], ids=["demo", "large"]
)
@pytest.mark.parametrize("reader", ["manager", "member"])
def test_minutes_page_reads_items_people_and_decisions_once(
    client, people, working_group, items, attendees, reader, django_assert_max_num_queries
):
    meeting = minutes_of_size(client, people, working_group, items=items, attendees=attendees, slug=f"z-{items}")
    signed_in(client, getattr(people, reader))
    url = reverse("events:minutes", args=[meeting.pk])
    client.get(url)
    with django_assert_max_num_queries(MINUTES_PAGE_QUERIES[reader]) as queries:
        response = client.get(url)
    html = response.content.decode()
    assert f"Usnesení {items - 1}/1" in html and f"Úkol {items - 1}" in html
    assert ("Opraveno-po-schváleni" in html) == (reader == "manager")  # the working copy: the manager's
    for table in ("events_agendaitem", "portal_user", "groups_organisation", "events_decision"):
        reads = [
            sql
            for sql in (q["sql"] for q in queries.captured_queries)
            if sql.startswith(f'SELECT "{table}".') and not sql.startswith(f'SELECT "{table}"."id" AS "id" FROM')
        ]  # (what is left out: the working copy's references checked, ids only)
        assert len(reads) == (2 if table == "portal_user" else 1), table  # the user: the signed-in one too


def test_approved_minutes_without_a_correction_read_no_comments(client, people, working_group):
    """Only a working version under way shows the members' comments: approved minutes that stand read none."""
    meeting = held_meeting(working_group, people, items=2, slug="schvaleny-zapis")
    run_through_approval(client, meeting, people)
    signed_in(client, people.manager)
    url = reverse("events:minutes", args=[meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "Schválený zápis" in html and "Pracovní verze" not in html
    assert not [q for q in queries.captured_queries if '"events_minutescomment"' in q["sql"]]
