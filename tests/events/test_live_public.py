"""A public round table followed by anyone as it goes: only its manager opens the view, only for a public
round table; the public sees which public item of the approved programme is discussed and nothing else;
the meeting's public page links to it while it lasts; the public socket follows the room and closes when
the view ends (tests/events/test_live_room_socket.py)."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from events import live
from events.models import AgendaItem, LiveRoom, MeetingPage, Visibility
from groups.models import Role
from tests.events.conftest import People, approved_meeting, make_meeting
from tests.events.test_live_room import CONFIDENTIAL_TITLE, NOT_ALLOWED, in_czech, run, starts_in
from tests.groups.conftest import member_of

MEMBERS_TITLE = "Bod pro členy"


def in_session(body, people, **extra) -> MeetingPage:
    """A meeting of `body` with its agenda approved (a public, a members' and a confidential item), started
    five minutes ago, its room open."""
    meeting = starts_in(approved_meeting(body, people, **extra), minutes=-5)
    live.room_open(meeting=meeting, user=people.manager)
    return meeting


@pytest.fixture
def table(round_table):
    return People(round_table)


@pytest.fixture
def round_meeting(round_table, table) -> MeetingPage:
    return in_session(round_table, table)


def items(meeting):
    return list(meeting.agenda_items.order_by("position"))


@pytest.mark.django_db
def test_only_the_manager_of_a_public_round_table_opens_it_to_the_public(round_meeting, table, working_group):
    for person in (table.chair, table.member, table.guest, table.outsider):
        with pytest.raises(live.CommandRefused) as refusal:
            run(round_meeting, person, "public", open=True)
        assert refusal.value.message == in_czech(NOT_ALLOWED)
    assert not live.public_view_open(round_meeting.pk)
    run(round_meeting, table.manager, "public", open=True)
    assert live.public_view_open(round_meeting.pk)

    # The working group's own meetings, and a round table for members only, are never public.
    group_manager = member_of(working_group, Role.MANAGER, label="skupina-manazer")
    group_meeting = starts_in(make_meeting(working_group, days=1), minutes=-5)
    live.room_open(meeting=group_meeting, user=group_manager)
    closed_table = in_session(round_meeting.get_parent().specific, table, visibility=Visibility.MEMBERS)
    for meeting, manager in ((group_meeting, group_manager), (closed_table, table.manager)):
        with pytest.raises(live.CommandRefused) as refusal:
            run(meeting, manager, "public", open=True)
        assert refusal.value.message == "Průběh může veřejnost sledovat jen u veřejného kulatého stolu."
        assert not LiveRoom.objects.get(meeting=meeting).public


@pytest.mark.django_db
def test_the_public_sees_where_the_programme_is_and_nothing_recorded(client, round_meeting, table):
    public, members, confidential = items(round_meeting)
    run(round_meeting, table.manager, "public", open=True)
    run(round_meeting, table.manager, "note", item=public.pk, text="Diskuse o nájemném")
    run(round_meeting, table.manager, "decision", item=public.pk, text="Doporučuje se zvýšit fond")
    state = live.RoomView(round_meeting).public_state()
    assert [item["title"] for item in state["items"]] == ["Veřejný bod"]
    assert state["room"] == {
        "status": "open",
        "current": public.pk,
        "item_started_at": state["room"]["item_started_at"],
    }
    html = client.get(f"/jednani/{round_meeting.pk}/zive/").content.decode()
    assert "Veřejný bod" in html
    for hidden in (MEMBERS_TITLE, CONFIDENTIAL_TITLE, "Diskuse o nájemném", "Doporučuje se", str(table.member)):
        assert hidden not in html and hidden not in str(state)

    # While a members' item is discussed the public sees no current item, and not its title.
    run(round_meeting, table.manager, "advance", item=members.pk)
    assert live.RoomView(round_meeting).public_state()["room"]["current"] is None
    assert MEMBERS_TITLE not in client.get(f"/jednani/{round_meeting.pk}/zive/").content.decode()


@pytest.mark.django_db
def test_the_meeting_page_links_to_the_view_while_it_lasts(client, round_meeting, table):
    cache.clear()
    page_url = round_meeting.get_url()
    view_url = f"/jednani/{round_meeting.pk}/zive/"
    assert view_url not in client.get(page_url).content.decode()
    assert client.get(view_url).status_code == 404
    run(round_meeting, table.manager, "public", open=True)
    assert view_url in client.get(page_url).content.decode()  # the cached page was retired
    live.room_close(meeting=round_meeting, user=table.manager)
    assert view_url not in client.get(page_url).content.decode()
    ended = client.get(view_url).content.decode()
    assert "Průběh jednání se už živě nezveřejňuje" in ended and "Veřejný bod" in ended


@pytest.mark.django_db
def test_the_public_reads_the_programme_as_approved_and_no_names(round_meeting, table):
    public = items(round_meeting)[0]
    # Changed after the chair's approval: the new title is not public until approved again.
    AgendaItem.objects.filter(pk=public.pk).update(title="Vystěhování rodiny N.", presenter=table.member)
    run(round_meeting, table.manager, "public", open=True)
    state = live.RoomView(round_meeting).public_state()
    assert [item["title"] for item in state["items"]] == ["Veřejný bod"]
    assert "Vystěhování" not in str(state) and str(table.member) not in str(state)
    # Made confidential in the minutes: gone from the public view at once.
    run(round_meeting, table.manager, "note", item=public.pk, text="Poznámka")
    minutes = round_meeting.minutes
    content = minutes.content
    content["items"][0]["confidential"] = True
    working = minutes.working_copy()
    working.set_records(content)
    working.save_revision(user=table.manager)
    state = live.RoomView(MeetingPage.objects.get(pk=round_meeting.pk)).public_state()
    assert state["items"] == [] and state["room"]["current"] is None and state["room"]["item_started_at"] is None


@pytest.mark.django_db
def test_a_round_table_behind_a_login_is_not_followed_publicly(client, round_meeting, table, round_table):
    run(round_meeting, table.manager, "public", open=True)
    assert client.get(f"/jednani/{round_meeting.pk}/zive/").status_code == 200
    # The round table's pages restricted to signed-in people: the meeting is no public page any more.
    PageViewRestriction.objects.create(page=round_table, restriction_type=PageViewRestriction.LOGIN)
    assert not live.public_view_open(round_meeting.pk)
    assert client.get(f"/jednani/{round_meeting.pk}/zive/").status_code == 404
