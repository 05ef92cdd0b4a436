"""A body's meetings on its members' page are the same for everyone there, so kept as HTML
(`events.wagtail_hooks.body_meetings_and_tasks_section`): a meeting published, cancelled or taken down
and every step of its minutes show at once; the tasks beside them stay each person's own view.

Everyone signs in first: a sign-in saves the person, which retires whatever is kept anyway."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Task, TaskStatus
from tests.conftest import sign_in_fresh
from tests.events.conftest import comment_period_over, make_meeting

pytestmark = pytest.mark.django_db

NONE_PLANNED = "Žádné jednání není naplánováno."


def body_page(client, body) -> str:
    response = client.get(reverse("groups:body_internal", args=[body.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_kept_meetings_follow_publishing_and_the_minutes(people, working_group):
    member = sign_in_fresh(Client(), people.member)
    assert NONE_PLANNED in body_page(member, working_group)  # kept
    upcoming = make_meeting(working_group, days=5, slug="pristi-jednani")
    page = body_page(member, working_group)
    assert upcoming.title in page and NONE_PLANNED not in page
    upcoming.cancelled = True
    upcoming.save_revision().publish()
    assert "Zrušeno" in body_page(member, working_group)
    upcoming.unpublish()
    assert upcoming.title not in body_page(member, working_group)
    held = make_meeting(working_group, days=-3, slug="probehle-jednani")
    assert "Proběhlo" in body_page(member, working_group)
    minutes = services.minutes_circulate(
        minutes=services.minutes_for(held), user=people.manager, deadline=timezone.now() + datetime.timedelta(days=1)
    )
    assert "Zápis v připomínkách" in body_page(member, working_group)
    comment_period_over(minutes)
    services.minutes_approve(minutes=services.minutes_submit(minutes=minutes, user=people.manager), user=people.chair)
    assert "Zápis schválen" in body_page(member, working_group)


def test_the_tasks_beside_the_kept_meetings_are_each_persons_own(people, working_group):
    held = make_meeting(working_group, days=-3, slug="jednani-s-ukolem")
    minutes = services.minutes_for(held)
    task = Task.objects.create(
        body=working_group, minutes=minutes, key="k1", what="Sepsat kazuistiky", owner=people.member, due=None
    )
    owner, other = (sign_in_fresh(Client(), person) for person in (people.member, people.substitute))
    assert f'id="task-status-{task.pk}"' in body_page(owner, working_group)  # the owner changes its status
    page = body_page(other, working_group)  # the meetings part now kept
    assert "Sepsat kazuistiky" in page and f'id="task-status-{task.pk}"' not in page
    task.status = TaskStatus.DONE
    task.save()
    assert "Sepsat kazuistiky" not in body_page(owner, working_group)
