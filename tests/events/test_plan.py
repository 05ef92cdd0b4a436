"""The yearly plan against the body's rhythm, and the warning when a meeting is due."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.selectors import year_plan
from tests.events.conftest import make_meeting, signed_in

pytestmark = pytest.mark.django_db


def at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))


def test_two_meetings_a_year_make_two_halves(round_table):
    plan = year_plan(round_table, 2031, today=datetime.date(2031, 9, 1))
    assert [(p.start, p.end) for p in plan["periods"]] == [
        (datetime.date(2031, 1, 1), datetime.date(2031, 6, 30)),
        (datetime.date(2031, 7, 1), datetime.date(2031, 12, 31)),
    ]
    # nothing planned in 2031 yet, and we are in the second half: it is due, the first half was missed
    assert [p.start.month for p in plan["due"]] == [7] and [p.start.month for p in plan["missed"]] == [1]


def test_a_planned_meeting_covers_its_period_and_a_cancelled_one_does_not(round_table):
    make_meeting(round_table, slug="plan-jaro").__class__.objects.filter(slug="plan-jaro").update(
        start=at(datetime.date(2031, 3, 10)), end=at(datetime.date(2031, 3, 10)) + datetime.timedelta(hours=2)
    )
    cancelled = make_meeting(round_table, slug="plan-podzim", cancelled=True)
    cancelled.__class__.objects.filter(pk=cancelled.pk).update(
        start=at(datetime.date(2031, 9, 10)), end=at(datetime.date(2031, 9, 10)) + datetime.timedelta(hours=2)
    )
    plan = year_plan(round_table, 2031, today=datetime.date(2031, 10, 1))
    assert plan["periods"][0].is_covered and not plan["periods"][1].is_covered
    assert [p.start.month for p in plan["due"]] == [7]


def test_manager_sees_the_warning_members_see_the_plan(client, people, working_group, subgroup):
    url = reverse("events:plan_year", args=[working_group.pk, 2031])
    signed_in(client, people.manager)
    assert "message--warning" not in client.get(url).content.decode()  # 2031 is in the future: nothing due
    year = timezone.localdate().year
    page = client.get(reverse("events:plan", args=[subgroup.pk])).content.decode()  # no meeting this year
    assert "message--warning" in page and reverse("events:meeting_plan", args=[subgroup.pk]) in page
    signed_in(client, people.member)
    assert client.get(reverse("events:plan", args=[working_group.pk])).status_code == 200
    signed_in(client, people.outsider)
    assert client.get(reverse("events:plan_year", args=[working_group.pk, year])).status_code == 404
