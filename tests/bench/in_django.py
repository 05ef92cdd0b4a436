"""The benchmark's steps that run inside `manage.py shell` against its database: finding the pages to
measure, counting their queries, and adding years of meetings and a city-scale action plan.

Each function prints one line, `RESULT <json>`, for the benchmark to read (`server.in_django`). Imports
are inside the functions: this module is imported by the shell, after Django is set up. Written against
the models of the code before the performance work too, so both can be compared; a page whose view does
not exist there gets no address."""

import datetime
import json
import time

WORKING_GROUP = "pracovni-skupina"
SEARCH_TERM = "bydleni"


def _result(value) -> None:
    print("RESULT " + json.dumps(value))


def _address(make) -> str | None:
    """The page's address, or None where this version of the code has no such page."""
    from django.core.exceptions import ObjectDoesNotExist
    from django.urls import NoReverseMatch

    try:
        return make()
    except (ObjectDoesNotExist, NoReverseMatch, AttributeError):
        return None


def _working_group():
    from groups.models import BodyPage

    return BodyPage.objects.get(slug=WORKING_GROUP, locale__language_code="cs")


def _held_meeting(body):
    """The working group's newest held meeting with approved minutes (the demo has one)."""
    from django.utils import timezone

    from events.models import MeetingPage

    held = MeetingPage.objects.live().child_of(body).filter(end__lt=timezone.now(), minutes__live=True)
    return held.order_by("-start").first()


def _first_live(model):
    return model.objects.live().public().filter(locale__language_code="cs").order_by("pk").first()


def _signed_in_manager(body) -> str:
    """A session of the working group's manager, signed in with the second factor her role needs: the
    cookie that carries it."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled
    from django.conf import settings
    from django.test import Client

    from groups.models import Membership, Role

    manager = Membership.objects.filter(body=body, role=Role.MANAGER).order_by("pk").first().person
    if not is_mfa_enabled(manager):
        TOTP.activate(manager, generate_totp_secret())
    client = Client()
    client.force_login(manager)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time()}]
    session["account_authentication_methods_user"] = str(manager.pk)
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _public_pages(body, meeting) -> dict[str, str | None]:
    from django.urls import reverse

    from action_plan.models import ConceptPage, Measure
    from knowledge_base.models import (
        Approach,
        GoodPracticeIndexPage,
        GoodPracticePage,
        MaterialIndexPage,
        MaterialPage,
        MythIndexPage,
        MythPage,
    )
    from knowledge_base.templatetags.knowledge_base_tags import kb_route
    from portal.models import StandardPage

    library = _first_live(GoodPracticeIndexPage)
    record = _first_live(GoodPracticePage)
    approach = Approach.objects.order_by("pk").first()
    concept = ConceptPage.objects.filter(slug="akcni-plan", locale__language_code="cs").first()
    search = _address(lambda: reverse("kb_search")) or "/hledat/"
    return {
        "home": "/",
        "English home": "/en/",
        "standard page": _address(lambda: StandardPage.objects.get(slug="o-pracovni-skupine").url),
        "body (public)": body.url,
        "meeting (public)": _address(lambda: meeting.url),
        "meeting archive (public)": _address(lambda: reverse("events:archive", args=[body.pk])),
        "good-practice index": library.url,
        "good-practice record": record.url,
        "approach": _address(lambda: kb_route({}, library, "approach", approach.slug)),
        "municipality": _address(lambda: kb_route({}, library, "municipality", record.municipality.slug)),
        "peer finder": _address(
            lambda: kb_route({}, library, "peer_finder") + f"?population=100000&flats=2000&approaches={approach.slug}"
        ),
        "myth index": _first_live(MythIndexPage).url,
        "myth": _first_live(MythPage).url,
        "material index": _first_live(MaterialIndexPage).url,
        "material": _first_live(MaterialPage).url,
        "search": f"{search}?q={SEARCH_TERM}",
        "search with a facet": f"{search}?q={SEARCH_TERM}&type=good_practice",
        "tracker overview": _address(lambda: concept.url),
        "tracker measure": _address(
            lambda: concept.measure_url(Measure.objects.filter(goal__concept=concept).order_by("pk").first())
        ),
    }


def _members_pages(body, meeting) -> dict[str, str | None]:
    from django.urls import reverse
    from django.utils import timezone

    def members(name: str, *args) -> str | None:
        return _address(lambda: reverse(name, args=args))

    return {
        "home, signed in": "/",
        "dashboard": members("groups:dashboard"),
        "body (members)": members("groups:body_internal", body.pk),
        "meeting (members)": members("events:meeting", meeting.pk),
        "minutes": members("events:minutes", meeting.pk),
        "my tasks": members("events:my_tasks"),
        "body tasks": members("events:body_tasks", body.pk),
        "meeting archive (members)": members("events:body_meetings_year", body.pk, timezone.localdate().year),
        "action plan (members)": members("action_plan:plan"),
    }


def discover() -> None:
    """The pages to measure, with the cookie each is asked with: the same addresses at both sizes."""
    from django.utils import translation

    translation.activate("cs")
    body = _working_group()
    meeting = _held_meeting(body)
    _result(
        {
            "public": _public_pages(body, meeting),
            "members": _members_pages(body, meeting),
            "members_cookie": _signed_in_manager(body),
        }
    )


def count_queries(requests: list[list[str]], cache_bypass: str) -> None:
    """For each [name, path, cookie]: the status and the queries of a request after a first one (which
    warms what a running server has warm: content types, the site, cached fragments of the frame). The
    cache bypass's cookie names no session; looking it up is not counted, as a visitor without the
    cookie would not cause it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counted = {}
    for name, path, cookie in requests:
        client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
        if cookie:
            cookie_name, value = cookie.split("=", 1)
            client.cookies[cookie_name] = value
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        if cookie == cache_bypass:
            queries = [query for query in queries if '"django_session"' not in query["sql"]]
        counted[name] = [status, len(queries)]
    _result(counted)


AGENDA_ITEMS = 8
# Three of four tasks of a meeting unfinished.
TASK_STATUSES = ["open", "in_progress", "open", "done"]


def _approved_minutes(body, number: int):
    """A meeting held `number` fortnights ago, with its approved agenda (the snapshot of its items) and
    approved minutes."""
    from events import services
    from events.models import Agenda, Minutes
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(
        parent=body, days=-(3 + 14 * number), title=f"Jednání {number:03d}", slug=f"bench-konane-{number:03d}"
    )
    approved = {"live": True, "has_unpublished_changes": False, "last_published_at": meeting.start}
    items = [
        {
            "id": item,
            "title": f"Bod {item} " + "x" * 150,
            "kind": "monitoring",
            "presenter": None,
            "organisation": None,
            "minutes": 15,
            "confidentiality": "public",
            "description": "",
            "documents": [],
        }
        for item in range(AGENDA_ITEMS)
    ]
    Agenda.objects.update_or_create(meeting=meeting, defaults={"items": items, **approved})
    minutes = services.minutes_for(meeting)
    Minutes.objects.filter(pk=minutes.pk).update(**approved)
    return minutes


def _tasks(body, minutes, number: int, owners: list, count: int) -> int:
    """The meeting's tasks for the group's people, due around its date, every tenth one confidential."""
    from django.utils import timezone

    from events.models import Task

    made = Task.objects.bulk_create(
        Task(
            body=body,
            minutes=minutes,
            key=f"ukol-{number}-{index}",
            what=f"Úkol {number:03d}-{index}: připravit podklady pro jednání",
            owner=owners[index % len(owners)],
            due=timezone.localdate() + datetime.timedelta(days=7 * index - number),
            status=TASK_STATUSES[index % len(TASK_STATUSES)],
            confidential=(number * count + index) % 10 == 0,
        )
        for index in range(count)
    )
    return len(made)


def add_meetings(count: int, tasks_per_meeting: int) -> None:
    """Years of the working group's history: held meetings a fortnight apart going back from today, each
    with approved agenda and minutes and its tasks (as tests/events/test_members_lists.py builds them)."""
    from groups.models import Membership, Role
    from portal import outbox

    body = _working_group()
    owners = [
        Membership.objects.filter(body=body, role=role).order_by("pk").first().person
        for role in (Role.MEMBER, Role.MANAGER, Role.CHAIR, Role.GUEST)
    ]
    tasks = 0
    with outbox.in_app_only():
        for number in range(count):
            minutes = _approved_minutes(body, number)
            tasks += _tasks(body, minutes, number, owners, tasks_per_meeting)
    _result({"meetings": count, "tasks": tasks})


def add_plan(measures: int) -> None:
    """The action plan at city scale: measures with approved progress updates and indicator values."""
    from action_plan.models import ConceptPage
    from groups.models import Organisation
    from tests.action_plan.scale import build_plan

    concept = ConceptPage.objects.get(slug="akcni-plan", locale__language_code="cs")
    organisation = Organisation.objects.get(short_name="MMO OSVZ")
    _result({"measures": len(build_plan(concept, organisation, measures=measures))})


def clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()
    _result({"cleared": True})
