"""The members' pages stay the same size as the years of meetings and tasks pile up (issue 14): the body's
page shows the next meetings, the last few and the tasks due soonest, with counts; every meeting is in
the members' archive by year and every task in the body's task list and one's own, a page at a time."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Agenda, Minutes, Task, TaskStatus
from events.selectors import meetings_of
from tests.events.conftest import signed_in
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 60
TASKS_PER_MEETING = 4
# Three of four tasks of each meeting unfinished, so even the small body has more than a page shows.
TASK_STATUSES = [TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.OPEN, TaskStatus.DONE]


def add_upcoming(body, count: int) -> None:
    for number in range(count):
        MeetingFactory(parent=body, days=10 + 30 * number, title=f"Příští jednání {number:03d}")


def add_past(body, people, numbers: range) -> None:
    """Held meetings a fortnight apart going back from today, each with its approved agenda (a snapshot
    of items, JSON), approved minutes and tasks for the body's people (every tenth one confidential)."""
    owners = [people.member, people.manager, people.chair, people.guest]
    for number in numbers:
        meeting = MeetingFactory(
            parent=body, days=-(3 + 14 * number), title=f"Jednání {number:03d}", slug=f"konane-{body.pk}-{number:03d}"
        )
        approved = {"live": True, "has_unpublished_changes": False, "last_published_at": meeting.start}
        items = [
            {"id": item, "title": f"Bod {item} " + "x" * 150, "kind": "informational", "presenter": None,
             "organisation": None, "minutes": 10, "confidentiality": "public", "description": "", "documents": []}
            for item in range(8)
        ]  # fmt: skip
        Agenda.objects.update_or_create(meeting=meeting, defaults={"items": items, **approved})
        minutes = services.minutes_for(meeting)
        Minutes.objects.filter(pk=minutes.pk).update(**approved)
        Task.objects.bulk_create(
            Task(
                body=body,
                minutes=minutes,
                key=f"ukol-{number}-{index}",
                what=f"Úkol {number:03d}-{index}: připravit podklady pro jednání",
                owner=owners[index],
                due=timezone.localdate() + datetime.timedelta(days=7 * index - number),
                status=TASK_STATUSES[index],
                confidential=(number * TASKS_PER_MEETING + index) % 10 == 0,
            )
            for index in range(TASKS_PER_MEETING)
        )


def circulate_latest(body, people) -> Minutes:
    """The newest held meeting's minutes sent out for comments (a status read from the workflow)."""
    newest = meetings_of(body).filter(end__lte=timezone.now()).order_by("-start").first()
    minutes = Minutes.objects.get(meeting=newest)
    Minutes.objects.filter(pk=minutes.pk).update(live=False, has_unpublished_changes=True, last_published_at=None)
    minutes.refresh_from_db()
    return services.minutes_circulate(
        minutes=minutes, user=people.manager, deadline=timezone.now() + datetime.timedelta(days=5)
    )


def body_history(body, people, past: int) -> None:
    add_upcoming(body, 3)
    add_past(body, people, range(past))
    circulate_latest(body, people)


def members_pages(body) -> dict[str, tuple[str, int]]:
    """Every members' page this issue touched, with its query bound (the same at any size)."""
    this_year = timezone.localdate().year
    return {
        # Its meetings and the plan's ownership matrix are kept (portal.public_parts); the tasks are read.
        "body": (reverse("groups:body_internal", args=[body.pk]), 7),
        # The approval queue and the minutes out for comments come from the engine's kept list, no query.
        "dashboard": (reverse("groups:dashboard"), 6),
        # The rows' meetings are two values of the rows (events.selectors.task_rows); the page's total comes
        # with the filter's counts (events.views._tasks_page).
        "my tasks": (reverse("events:my_tasks"), 4),
        "my done tasks": (reverse("events:my_tasks") + "?stav=done&strana=2", 4),
        "meetings this year": (reverse("events:body_meetings", args=[body.pk]), 7),
        "meetings a year ago": (reverse("events:body_meetings_year", args=[body.pk, this_year - 1]), 7),
        "body tasks": (reverse("events:body_tasks", args=[body.pk]), 5),
        "body tasks, all, page 2": (reverse("events:body_tasks", args=[body.pk]) + "?stav=all&strana=2", 5),
        "meeting plan": (reverse("events:plan", args=[body.pk]), 4),
    }


def assert_pages_within_bounds(client, body, django_assert_max_num_queries) -> dict[str, int]:
    sizes = {}
    for name, (url, bound) in members_pages(body).items():
        client.get(url)  # caches warmed (content types, the site), as in a running server
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        assert response.status_code == 200, name
        sizes[name] = len(response.content)
    return sizes


def test_members_pages_cost_the_same_queries_at_5_and_at_60_past_meetings(
    client, people, working_group, django_assert_max_num_queries
):
    body_history(working_group, people, SMALL)
    for role in ("manager", "guest"):
        signed_in(client, getattr(people, role))
        assert_pages_within_bounds(client, working_group, django_assert_max_num_queries)
    add_past(working_group, people, range(SMALL, LARGE))
    for role in ("manager", "guest"):
        signed_in(client, getattr(people, role))
        assert_pages_within_bounds(client, working_group, django_assert_max_num_queries)


def test_the_body_page_does_not_grow_with_past_meetings(client, people, working_group):
    body_history(working_group, people, SMALL)
    signed_in(client, people.manager)
    url = reverse("groups:body_internal", args=[working_group.pk])
    small = client.get(url).content.decode()
    add_past(working_group, people, range(SMALL, LARGE))
    large = client.get(url).content.decode()
    assert abs(len(large) - len(small)) <= len(small) * 0.04, (len(small), len(large))  # which tasks are overdue
    assert small.count("<form") == large.count("<form")
    assert small.count("<tr") == large.count("<tr")


def test_the_body_page_shows_the_next_and_the_last_meetings_and_counts_the_rest(client, people, working_group):
    body_history(working_group, people, 12)
    signed_in(client, people.member)
    page = client.get(reverse("groups:body_internal", args=[working_group.pk])).content.decode()
    meetings = re.search(r'id="meetings-heading".*?</section>', page, re.S).group(0)
    for number in range(3):
        assert f"Příští jednání {number:03d}" in meetings
    for number in range(5):  # the five most recent, newest first
        assert f"Jednání {number:03d}" in meetings
    assert "Jednání 005" not in meetings and "Jednání 011" not in meetings
    assert meetings.index("Jednání 000") < meetings.index("Jednání 004")
    assert "Zápis v připomínkách" in meetings and "Zápis schválen" in meetings  # statuses read with the list
    assert "Všech 15 jednání, podle let" in meetings
    assert f'href="/clenove/{working_group.pk}/jednani/"' in meetings
    assert meetings.count('data-label="Kdy"') == 8  # cards on a phone
    unfinished = Task.objects.visible_to(people.member).filter(body=working_group).unfinished()
    assert f"Otevřené úkoly: {unfinished.count()}" in page
    assert f"Všech {unfinished.count()} otevřených úkolů" in page
    assert "Po termínu: " in page
    assert f'href="/clenove/{working_group.pk}/ukoly/?stav=all"' in page
    # The five due soonest (OVERVIEW_TASKS), each row a card on a phone.
    tasks = re.search(r'id="tasks-heading".*?</section>', page, re.S).group(0)
    assert tasks.count("<tr") == 6 and 'data-label="Termín"' in tasks
    overdue_first = unfinished.order_by("due", "pk").first()
    assert overdue_first.what in tasks


def test_the_meeting_archive_for_members_goes_a_year_at_a_time_with_counts(client, people, working_group):
    body_history(working_group, people, 40)  # a fortnight apart: a year and a half back
    signed_in(client, people.guest)
    this_year = timezone.localdate().year
    url = reverse("events:body_meetings", args=[working_group.pk])
    assert url == f"/clenove/{working_group.pk}/jednani/"
    page = client.get(url).content.decode()
    meetings = working_group.get_children().specific()
    by_year = {}
    for meeting in meetings:
        by_year[timezone.localtime(meeting.start).year] = by_year.get(timezone.localtime(meeting.start).year, 0) + 1
    assert f"Jednání v roce {this_year}" in page
    for year, count in by_year.items():
        assert f"{year} ({count})" in page
    shown = re.findall(r'<th scope="row"><a href="/clenove/jednani/\d+/">([^<]+)</a>', page)
    assert len(shown) == by_year[this_year]
    previous = client.get(reverse("events:body_meetings_year", args=[working_group.pk, this_year - 1]))
    assert previous.status_code == 200
    rows = re.findall(r'<th scope="row"><a href="/clenove/jednani/\d+/">', previous.content.decode())
    assert len(rows) == min(by_year.get(this_year - 1, 0), 30)
    assert client.get(reverse("events:body_meetings_year", args=[working_group.pk, 1999])).status_code == 404


def test_the_meeting_archive_is_for_the_bodys_people_only(client, people, working_group):
    add_upcoming(working_group, 1)
    url = reverse("events:body_meetings", args=[working_group.pk])
    signed_in(client, people.outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:body_tasks", args=[working_group.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_the_bodys_task_list_filters_by_state_with_counts_and_pages(client, people, working_group):
    add_past(working_group, people, range(20))  # 80 tasks: 60 unfinished, 20 done; 8 confidential
    url = reverse("events:body_tasks", args=[working_group.pk])
    assert url == f"/clenove/{working_group.pk}/ukoly/"
    signed_in(client, people.manager)
    page = client.get(url).content.decode()
    visible = Task.objects.visible_to(people.manager).filter(body=working_group)
    unfinished = visible.unfinished().count()
    assert f"Nedokončeno ({unfinished})" in page
    assert f"K řešení ({visible.filter(status=TaskStatus.OPEN).count()})" in page
    assert f"Hotovo ({visible.filter(status=TaskStatus.DONE).count()})" in page
    assert f"Vše ({visible.count()})" in page
    assert page.count('<tr class="overdue">') + page.count("<tr>\n") == 25
    assert "Strana 1 z 3" in page and "strana=2" in page
    done = client.get(url + "?stav=done").content.decode()
    assert "Hotovo" in done and "Strana" not in done
    done_rows = re.findall(r'<th scope="row">(Úkol [^<]+)</th>', done)
    assert len(done_rows) == 20
    assert all(Task.objects.get(what=what).status == TaskStatus.DONE for what in done_rows)
    # The state filter keeps to its page of results; an unknown state is the default.
    assert client.get(url + "?stav=hotovo-asi").content.decode().count("Nedokončeno (") == 1
    # Guests do not see the confidential tasks, nor count them.
    signed_in(client, people.guest)
    guest_page = client.get(url + "?stav=all").content.decode()
    guest_visible = Task.objects.visible_to(people.guest).filter(body=working_group)
    assert guest_visible.count() < visible.count()
    assert f"Vše ({guest_visible.count()})" in guest_page


def test_my_tasks_shows_the_unfinished_ones_a_page_at_a_time(client, people, working_group):
    add_past(working_group, people, range(40))  # the member owns the first task of each meeting: open
    Task.objects.filter(owner=people.member, minutes__meeting__title__endswith="7").update(status=TaskStatus.DONE)
    signed_in(client, people.member)
    url = reverse("events:my_tasks")
    page = client.get(url).content.decode()
    mine = Task.objects.filter(owner=people.member)
    assert f"Nedokončeno ({mine.unfinished().count()})" in page
    assert f"Hotovo ({mine.filter(status=TaskStatus.DONE).count()})" in page
    assert page.count("<select") == 25 and "Strana 1 z 2" in page
    last = client.get(url + "?strana=2").content.decode()
    assert last.count("<select") == mine.unfinished().count() - 25
    done = client.get(url + "?stav=done").content.decode()
    assert done.count("<select") == mine.filter(status=TaskStatus.DONE).count()
    # A status changed from a filtered page goes back to it.
    assert 'name="next" value="/clenove/ukoly/?stav=done"' in done


def test_the_dashboard_counts_ones_tasks_beyond_the_five_shown(client, people, working_group):
    add_past(working_group, people, range(14))
    signed_in(client, people.member)
    page = client.get(reverse("groups:dashboard")).content.decode()
    assert "14 nedokončených úkolů" in page
    tasks = re.search(r'id="tasks-heading".*?</section>', page, re.S).group(0)
    assert tasks.count("<li") == 5
    overdue = Task.objects.filter(owner=people.member, due__lt=timezone.localdate()).unfinished().count()
    assert overdue and f"Po termínu: {overdue}" in tasks  # beyond the five shown too
