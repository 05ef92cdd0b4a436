"""Managers plan meetings in the Wagtail admin, under their own body only; bad dates are refused there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from events.models import MeetingPage
from tests.events.conftest import make_meeting

pytestmark = pytest.mark.django_db


def meeting_form(start: datetime.datetime, end: datetime.datetime, **extra) -> dict:
    return nested_form_data(
        {
            "title": "Mimořádné jednání",
            "slug": "mimoradne-jednani",
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": end.strftime("%Y-%m-%d %H:%M"),
            "place": "Nová radnice",
            "online_url": "",
            "visibility": "public",
            "proposal_cutoff": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
            **extra,
        }
    )


def add_url(body) -> str:
    return reverse("wagtailadmin_pages:add", args=["events", "meetingpage", body.pk])


def test_manager_plans_a_meeting_under_their_body(client, people, working_group):
    client.force_login(people.manager)
    start = timezone.localtime() + datetime.timedelta(days=40)
    response = client.post(add_url(working_group), meeting_form(start, start + datetime.timedelta(hours=2)))
    assert response.status_code == 302
    meeting = MeetingPage.objects.get(slug="mimoradne-jednani")
    assert meeting.live and meeting.get_parent().pk == working_group.pk


def test_end_before_start_is_refused_in_the_admin_and_nothing_is_created(client, people, working_group):
    client.force_login(people.manager)
    start = timezone.localtime() + datetime.timedelta(days=40)
    response = client.post(add_url(working_group), meeting_form(start, start - datetime.timedelta(hours=1)))
    assert response.status_code == 200
    assert "Jednání musí skončit až po svém začátku." in response.content.decode()
    assert not MeetingPage.objects.filter(slug="mimoradne-jednani").exists()


def test_manager_cannot_plan_meetings_of_another_body(client, people, round_table):
    client.force_login(people.manager)
    start = timezone.localtime() + datetime.timedelta(days=40)
    response = client.post(add_url(round_table), meeting_form(start, start + datetime.timedelta(hours=2)))
    assert response.status_code in (302, 403)
    assert not MeetingPage.objects.filter(slug="mimoradne-jednani").exists()


def test_members_have_no_admin(client, people, working_group):
    client.force_login(people.member)
    assert client.get(add_url(working_group)).status_code == 302  # sent away from the admin


def test_a_meetings_kind_is_its_bodys(working_group, round_table, subgroup):

    kinds = {
        body.pk: make_meeting(body, slug=f"druh-{body.pk}").get_kind_display()
        for body in (working_group, round_table, subgroup)
    }
    assert kinds == {
        working_group.pk: "Jednání pracovní skupiny",
        round_table.pk: "Kulatý stůl",
        subgroup.pk: "Jednání podskupiny",
    }
