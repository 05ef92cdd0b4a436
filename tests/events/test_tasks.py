"""Tasks from approved minutes: my tasks, status changes by the owner, the daily reminders."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Task, TaskStatus
from tests.events.conftest import make_meeting, signed_in

pytestmark = pytest.mark.django_db


def make_task(body, people, *, owner=None, due_in=5, status=TaskStatus.OPEN, what="Zaslat přehled bytů") -> Task:
    meeting = make_meeting(body, days=-3, slug=f"ukol-{Task.objects.count()}")
    minutes = services.minutes_for(meeting)
    return Task.objects.create(
        body=body,
        minutes=minutes,
        key=services.new_key(),
        what=what,
        owner=owner or people.member,
        due=timezone.localdate() + datetime.timedelta(days=due_in),
        status=status,
    )


def test_my_tasks_highlights_overdue_ones(client, people, working_group):
    make_task(working_group, people, due_in=-2, what="Po termínu")
    make_task(working_group, people, due_in=4, what="Včas")
    signed_in(client, people.member)
    page = client.get(reverse("events:my_tasks")).content.decode()
    assert "Po termínu" in page and "Včas" in page
    assert page.count('class="overdue"') == 1


def test_a_task_row_names_its_meeting_and_links_to_its_minutes(client, people, working_group):
    task = make_task(working_group, people, what="Zaslat přehled bytů")
    meeting = task.minutes.meeting
    link = f'<a href="{reverse("events:minutes", args=[meeting.pk])}">{meeting.title}</a>'
    signed_in(client, people.member)
    for url in (reverse("events:my_tasks"), reverse("events:body_tasks", args=[working_group.pk])):
        assert link in client.get(url).content.decode(), url
    assert link in client.get(reverse("groups:body_internal", args=[working_group.pk])).content.decode()


def test_owner_and_manager_change_the_status_others_may_not(client, people, working_group):
    task = make_task(working_group, people)
    url = reverse("events:task_status", args=[task.pk])
    for role, allowed in [("member", True), ("manager", True), ("guest", False), ("outsider", False), ("chair", False)]:
        task.status = TaskStatus.OPEN
        task.save()
        signed_in(client, getattr(people, role))
        response = client.post(url, {"status": TaskStatus.DONE})
        task.refresh_from_db()
        assert (task.status == TaskStatus.DONE) is allowed, role
        assert response.status_code == (302 if allowed else 404 if role == "outsider" else 403), role


def test_invalid_status_changes_nothing(client, people, working_group):
    task = make_task(working_group, people)
    signed_in(client, people.member)
    client.post(reverse("events:task_status", args=[task.pk]), {"status": "hotovo-asi"})
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_tasks_are_listed_on_the_bodys_internal_page(client, people, working_group):
    make_task(working_group, people, what="Úkol pro skupinu")
    signed_in(client, people.guest)
    assert "Úkol pro skupinu" in client.get(reverse("groups:body_internal", args=[working_group.pk])).content.decode()


def test_reminders_for_due_soon_and_overdue_tasks_once_a_day(people, working_group, django_capture_on_commit_callbacks):
    soon = make_task(working_group, people, due_in=3, what="Brzy")
    late = make_task(working_group, people, due_in=-1, what="Pozdě")
    later = make_task(working_group, people, due_in=10, what="Později")
    done = make_task(working_group, people, due_in=1, status=TaskStatus.DONE, what="Hotovo")
    mail.outbox.clear()
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", stdout=output)
    assert "Task reminders:" in output.getvalue()
    bodies = [m.body for m in mail.outbox if m.to == [people.member.email]]
    assert any("Brzy" in b for b in bodies) and any("Pozdě" in b for b in bodies)
    assert not any("Později" in b or "Hotovo" in b for b in bodies)
    for task in (soon, late, later, done):
        task.refresh_from_db()
    assert soon.last_reminded_on == timezone.localdate() and later.last_reminded_on is None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send()
    assert not [m for m in mail.outbox if m.to == [people.member.email]]


def test_comment_deadline_reminder_the_day_before(people, working_group, django_capture_on_commit_callbacks):
    meeting = make_meeting(working_group, days=-2, slug="pripominky")
    minutes = services.minutes_for(meeting)
    services.minutes_circulate(
        minutes=minutes, user=people.manager, deadline=timezone.now() + datetime.timedelta(days=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send()
    assert sent["deadlines"] >= 1
    assert any(m.to == [people.member.email] and meeting.title in m.subject for m in mail.outbox)
    assert services.reminders_send()["deadlines"] == 0
