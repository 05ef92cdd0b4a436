"""What is in progress in the approval engine is read once for everyone and kept
(`groups.workflows._everything_in_progress`), as are its comment-period tasks
(`groups.workflow_history`): every step, every task saved and every change to who chairs retires them
at once. Who it waits for, and whose minutes are out for comments, is decided afresh on each page.

Everyone signs in first: a sign-in saves the person (their last login), which retires the kept queue
anyway and would hide a step that did not."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from events import services
from groups import services as groups_services
from groups import workflows
from groups.models import Membership, Role
from groups.workflow_history import approval_history
from groups.workflows import CommentPeriodTask
from tests.conftest import sign_in_fresh
from tests.events.conftest import add_item, comment_period_over, make_meeting
from tests.factories import BodyFactory, OrganisationFactory
from tests.groups.conftest import RESOLUTION, member_of, person, with_totp

pytestmark = pytest.mark.django_db

WAITING = "Čeká na vaše rozhodnutí"
MINUTES_WAITING = "Zápisy, které na vás čekají"


def signed_in(*users) -> list[Client]:
    return [sign_in_fresh(Client(), user) for user in users]


def dashboard(client) -> str:
    response = client.get(reverse("groups:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_every_step_of_the_agenda_shows_on_the_chairs_dashboard_at_once(people, meeting):
    [chair] = signed_in(people.chair)
    add_item(meeting, people.manager)
    assert WAITING not in dashboard(chair)  # an empty queue, kept
    services.agenda_submit(meeting=meeting, user=people.manager)
    assert f"Program: {meeting.title}" in dashboard(chair)
    services.agenda_return(meeting=meeting, user=people.chair, comment="Doplňte bod o akčním plánu.")
    assert WAITING not in dashboard(chair)
    services.agenda_submit(meeting=meeting, user=people.manager)
    assert f"Program: {meeting.title}" in dashboard(chair)
    services.agenda_approve(meeting=meeting, user=people.chair)
    assert WAITING not in dashboard(chair)


def test_a_workflow_cancelled_leaves_the_queue_at_once(people, meeting):
    [chair] = signed_in(people.chair)
    add_item(meeting, people.manager)
    services.agenda_submit(meeting=meeting, user=people.manager)
    assert f"Program: {meeting.title}" in dashboard(chair)
    workflows.withdraw(services.agenda_for(meeting), people.manager)  # as the admin's "cancel workflow"
    assert WAITING not in dashboard(chair)


def test_a_chair_appointed_while_the_queue_is_kept_finds_it(people, meeting, working_group):
    successor = with_totp(person("nova-predsedkyne"))
    organisation = OrganisationFactory()
    chair, successors = signed_in(people.chair, successor)
    add_item(meeting, people.manager)
    services.agenda_submit(meeting=meeting, user=people.manager)
    assert f"Program: {meeting.title}" in dashboard(chair)  # kept, with who approves
    groups_services.membership_end(membership=Membership.objects.get(person=people.chair, body=working_group))
    groups_services.membership_create(
        person=successor, organisation=organisation, body=working_group, role=Role.CHAIR, **RESOLUTION
    )
    assert f"Program: {meeting.title}" in dashboard(successors)


def test_minutes_out_for_comments_wait_for_the_bodys_people_until_approved(people, working_group):
    held = make_meeting(working_group, days=-3, slug="zapis-v-pripominkach")
    minutes = services.minutes_for(held)
    elsewhere = member_of(BodyFactory(title="Kulatý stůl jinde"), Role.MEMBER)
    member, guest, other, outsider = signed_in(people.member, people.guest, elsewhere, people.outsider)
    assert MINUTES_WAITING not in dashboard(member)  # nothing in progress, kept
    deadline = timezone.now() + datetime.timedelta(days=2)
    minutes = services.minutes_circulate(minutes=minutes, user=people.manager, deadline=deadline)
    page = dashboard(member)
    assert MINUTES_WAITING in page and held.title in page
    assert "V připomínkovém řízení" in page
    until = f"{timezone.localtime(minutes.deadline):%-d. %-m. %Y %H:%M}".replace(" ", "\N{NO-BREAK SPACE}")
    assert f"připomínky do {until}" in page
    assert MINUTES_WAITING in dashboard(guest)
    assert MINUTES_WAITING not in dashboard(other)
    assert MINUTES_WAITING not in dashboard(outsider)
    comment_period_over(minutes)
    minutes = services.minutes_submit(minutes=minutes, user=people.manager)
    page = dashboard(member)
    assert "Předloženo předsedovi" in page and "připomínky do" not in page
    services.minutes_approve(minutes=minutes, user=people.chair)
    assert MINUTES_WAITING not in dashboard(member)


def test_a_comment_period_task_created_later_is_named_in_the_history_at_once(people, meeting):
    add_item(meeting, people.manager)
    agenda = services.agenda_submit(meeting=meeting, user=people.manager)
    assert approval_history(agenda)  # the engine's comment-period tasks, kept
    second_round = CommentPeriodTask.objects.create(name="Druhé kolo připomínek")
    log(agenda, "wagtail.workflow.start", user=people.manager, data={"workflow": {"next": {"id": second_round.pk}}})
    assert approval_history(agenda)[0].message == "Rozesláno členům k připomínkám"


def test_a_comment_deadline_passing_puts_the_minutes_in_the_managers_queue_while_it_is_kept(
    people, working_group, monkeypatch
):
    held = make_meeting(working_group, days=-3, slug="zapis-po-terminu")
    manager, chair = signed_in(people.manager, people.chair)
    deadline = timezone.now() + datetime.timedelta(minutes=5)
    services.minutes_circulate(minutes=services.minutes_for(held), user=people.manager, deadline=deadline)
    assert WAITING not in dashboard(manager)  # the period runs: nothing waits for the manager yet; kept
    today = timezone.localdate()
    later = deadline + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)  # the same day's kept queue
    assert f"Zápis: {held.title}" in dashboard(manager)
    assert WAITING not in dashboard(chair)  # the chair's turn comes once the manager submits


def test_a_chair_whose_term_starts_tomorrow_finds_the_queue_that_day(people, meeting, working_group, monkeypatch):
    successor = with_totp(person("od-zitrka"))
    chair, successors = signed_in(people.chair, successor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    groups_services.membership_create(
        person=successor,
        organisation=OrganisationFactory(),
        body=working_group,
        role=Role.CHAIR,
        term_start=tomorrow,
        **RESOLUTION,
    )
    add_item(meeting, people.manager)
    services.agenda_submit(meeting=meeting, user=people.manager)
    assert f"Program: {meeting.title}" in dashboard(chair)  # kept today, with today's chairs
    assert WAITING not in dashboard(successors)
    a_day_later = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: a_day_later)
    assert f"Program: {meeting.title}" in dashboard(successors)
