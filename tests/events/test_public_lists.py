"""The public pages of a body stay the same size and cost as years of meetings pile up (issue 14): the
body's page shows the next and the last few meetings, the archive goes a year at a time, a meeting's
page and the home page read what they show and no more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.selectors import meetings_of
from tests.events.test_members_lists import LARGE, SMALL, add_past, add_upcoming

pytestmark = pytest.mark.django_db


# Wagtail's routing takes 6 to 11 of these (site, locale, each level of the path, view restrictions);
# a held meeting's page reads its public minutes (attendance, entries, items, people, organisations, decisions).
BOUNDS = {"home": 5, "body": 17, "archive": 6, "held meeting": 22, "next meeting": 16}


def public_pages(body) -> dict[str, str]:
    newest_held = meetings_of(body).filter(title="Jednání 000").get()
    return {
        "home": "/",
        "body": body.url,
        "archive": reverse("events:archive", args=[body.pk]),
        "held meeting": newest_held.url,
        "next meeting": meetings_of(body).filter(title__startswith="Příští").order_by("start").first().url,
    }


def costs(client, body) -> dict[str, tuple[int, int]]:
    """Queries and HTML bytes of each page seen the second time (the site frame then comes from the cache)."""
    found = {}
    for name, url in public_pages(body).items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        found[name] = (len(queries), len(response.content))
    return found


@pytest.mark.slow
def test_public_pages_cost_the_same_at_5_and_at_60_past_meetings(client, people, working_group):
    client.cookies["sessionid"] = "no-page-cache"  # rendered every time, as for the first visitor after a publish
    add_upcoming(working_group, 3)
    add_past(working_group, people, range(SMALL))
    small = costs(client, working_group)
    add_past(working_group, people, range(SMALL, LARGE))
    large = costs(client, working_group)
    for name, (queries, size) in small.items():
        assert large[name][0] <= queries, (name, queries, large[name][0])
        assert queries <= BOUNDS[name], (name, queries)
        if name != "archive":  # a year at a time: it grows until the year is full, then no more
            assert large[name][1] <= size * 1.2, (name, size, large[name][1])
    archive = client.get(public_pages(working_group)["archive"]).content.decode()
    assert archive.count("Jednání 0") <= 27  # a fortnight apart: at most a year's meetings on the page
