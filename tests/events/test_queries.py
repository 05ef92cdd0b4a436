"""Query counts stay flat as meetings and agenda items grow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import AgendaItem, Confidentiality, ItemStatus
from groups.models import AgendaKind
from tests.events.conftest import make_meeting, signed_in
from tests.events.test_minutes import run_through_approval

pytestmark = pytest.mark.django_db


def add_meetings(body, count: int) -> None:
    for number in range(count):
        make_meeting(body, days=number + 1, slug=f"rada-{count}-{number}")


@pytest.mark.parametrize("count", [5, pytest.param(100, marks=pytest.mark.slow)])
def test_body_meeting_list_queries_do_not_grow(client, people, subgroup, count, django_assert_max_num_queries):
    add_meetings(subgroup, count)
    signed_in(client, people.manager)
    url = reverse("groups:body_internal", args=[subgroup.pk])
    client.get(url)
    with django_assert_max_num_queries(22):
        response = client.get(url)
    link_prefix = reverse("events:meeting", args=[1]).removesuffix("1/")
    assert response.content.decode().count(link_prefix) >= count


def add_items(meeting, manager, count: int) -> None:
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=number + 10,
            title=f"Bod {number}",
            kind=AgendaKind.INFORMATIONAL,
            confidentiality=Confidentiality.PUBLIC,
            status=ItemStatus.ACCEPTED,
            presenter=manager,
        )
        for number in range(count)
    )


@pytest.mark.parametrize("count", [5, pytest.param(100, marks=pytest.mark.slow)])
def test_minutes_page_queries_do_not_grow_with_items(
    client, people, working_group, count, django_assert_max_num_queries
):
    meeting = make_meeting(working_group, days=20, slug=f"mnoho-bodu-{count}")
    add_items(meeting, people.manager, count)
    services.agenda_item_save(meeting=meeting, user=people.manager, values={"title": "Veřejný bod"})
    services.agenda_item_save(meeting=meeting, user=people.manager, values={"title": "Bod pro členy"})
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
    run_through_approval(client, meeting, people)
    signed_in(client, people.member)
    for url in (reverse("events:minutes", args=[meeting.pk]), reverse("events:meeting", args=[meeting.pk])):
        client.get(url)
        with django_assert_max_num_queries(28):  # the approval engine: workflow, comment period, approvers, history
            response = client.get(url)
        assert response.status_code == 200
        assert f"Bod {count - 1}" in response.content.decode()
    client.logout()
    client.get(meeting.url)
    with django_assert_max_num_queries(26):  # routing, the site frame, visible_to, 4 for the records
        assert client.get(meeting.url, HTTP_CACHE_CONTROL="no-cache", QUERY_STRING="x=1").status_code == 200
