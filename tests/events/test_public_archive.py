"""The public finds past meetings and their approved public minutes: on the body's page, in a yearly
archive, as a public PDF, and in the site's search, always without members' or confidential items."""

import pytest
from django.urls import reverse

from events.models import Visibility
from knowledge_base.search import search
from tests.events.conftest import make_meeting, pdf_text
from tests.events.test_public import held_and_approved  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
SECRET = ("Dvořák", "Interní poznámka")


def test_body_page_and_archive_link_the_public_minutes(client, held_and_approved, working_group):  # noqa: F811
    body_page = client.get(working_group.url).content.decode()
    pdf_url = reverse("events:public_minutes_pdf", args=[held_and_approved.pk])
    assert "Minulá jednání a zápisy" in body_page and pdf_url in body_page
    archive = client.get(reverse("events:archive", args=[working_group.pk]))
    html = archive.content.decode()
    assert archive.status_code == 200 and held_and_approved.title in html and pdf_url in html
    assert client.get(reverse("events:archive", args=[working_group.pk]), {"rok": "x"}).status_code == 404
    empty_year = client.get(reverse("events:archive", args=[working_group.pk]), {"rok": "2001"}).content.decode()
    assert held_and_approved.title not in empty_year and "V tomto roce se nekonalo žádné veřejné jednání." in empty_year


def test_public_pdf_is_the_public_version_for_anyone(client, held_and_approved):  # noqa: F811
    response = client.get(reverse("events:public_minutes_pdf", args=[held_and_approved.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "Veřejná verze" in text and "PS schvaluje harmonogram." in text
    assert not any(secret in text for secret in SECRET)


def test_no_public_pdf_for_members_only_meetings_or_minutes_not_approved(client, people, working_group):
    members_only = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="jen-clenove")
    assert client.get(reverse("events:public_minutes_pdf", args=[members_only.pk])).status_code == 404
    unapproved = make_meeting(working_group, slug="bez-zapisu")
    assert client.get(reverse("events:public_minutes_pdf", args=[unapproved.pk])).status_code == 404


def test_search_finds_approved_public_minutes_by_their_public_text_only(client, held_and_approved):  # noqa: F811
    hits = search(query="harmonogram", language="cs").hits
    assert [hit["page"].pk for hit in hits] == [held_and_approved.pk]
    assert hits[0]["kind"] == "Zápis z jednání"
    for secret in ("Dvořákových", "Interní poznámka pro členy"):
        assert search(query=secret, language="cs").hits == []
    held_and_approved.visibility = Visibility.MEMBERS  # made members-only: gone from the search at once
    held_and_approved.save_revision().publish()
    assert search(query="harmonogram", language="cs").hits == []


def test_the_archive_as_it_first_opens_is_kept_until_a_meeting_changes(client, held_and_approved, working_group):  # noqa: F811
    """The latest year, the same for every visitor, is read from the page cache (no query at all); a
    meeting made members-only leaves it at once; a body not found keeps nothing."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import page_cache

    client.cookies["sessionid"] = "nobody"  # past the anonymous page cache: the page itself is rendered
    url = reverse("events:archive", args=[working_group.pk])
    first = client.get(url).content.decode()
    assert held_and_approved.title in first
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).content.decode() == first
    assert len(captured.captured_queries) == 0
    held_and_approved.visibility = Visibility.MEMBERS
    held_and_approved.save_revision().publish()
    assert held_and_approved.title not in client.get(url).content.decode()
    with mock.patch("django.core.cache.cache.set", wraps=page_cache.cache.set) as stored:
        assert client.get(reverse("events:archive", args=[held_and_approved.pk + 1000])).status_code == 404
    assert not [call for call in stored.call_args_list if ":meeting-archive:" in call.args[0]]
