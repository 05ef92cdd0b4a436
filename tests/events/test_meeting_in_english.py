"""Meetings are Czech pages; an English visitor follows a meeting link to the same meeting with the
English frame and labels (`events:meeting_public`), and the language switcher connects the two."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import Visibility
from tests.events.conftest import make_meeting
from tests.factories import translate

pytestmark = pytest.mark.django_db


def english_url(meeting) -> str:
    with translation.override("en"):
        return reverse("events:meeting_public", args=[meeting.pk])


@pytest.fixture
def english_body(working_group):
    translate(working_group.get_parent(), title="Working groups", slug="working-groups")
    return translate(working_group, title="Social housing working group", slug="working-group")


@pytest.fixture
def upcoming(working_group):
    return make_meeting(working_group, days=10, slug="v-prosinci")


def test_the_english_body_page_links_to_the_meeting_in_english(english_body, upcoming):
    english = Client().get(english_body.url).content.decode()
    assert f'href="{english_url(upcoming)}"' in english and f'href="{upcoming.url}"' not in english

    czech = Client().get(english_body.get_translation_or_none(upcoming.locale).url).content.decode()
    assert f'href="{upcoming.url}"' in czech


def test_the_meeting_in_english_has_the_english_frame_and_marks_the_czech_words(english_body, upcoming):
    response = Client().get(english_url(upcoming))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert f'<h1 lang="cs">{upcoming.title}</h1>' in html
    assert "When" in html and "Programme" in html  # the labels in English
    # The way back up is the English pages, and the switcher leads to the Czech page.
    assert f'<a href="{english_body.url}">Social housing working group</a>' in html
    assert f'href="{upcoming.url}" hreflang="cs"' in html


def test_the_czech_page_offers_the_english_view(upcoming):
    html = Client().get(upcoming.url).content.decode()

    assert f'href="{english_url(upcoming)}" hreflang="en"' in html


def test_the_address_in_czech_leads_to_the_page(upcoming):
    response = Client().get(reverse("events:meeting_public", args=[upcoming.pk]))

    assert response.status_code == 302 and response["Location"] == upcoming.url


def test_a_members_only_meeting_stays_members_only_in_english(client, people, working_group):
    closed = make_meeting(working_group, days=5, slug="neverejne", visibility=Visibility.MEMBERS)

    anonymous = Client().get(english_url(closed))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(people.outsider)
    assert client.get(english_url(closed)).status_code == 404
    client.force_login(people.member)
    assert client.get(english_url(closed)).status_code == 200


def test_an_unpublished_or_unknown_meeting_is_not_found(upcoming):
    upcoming.unpublish()

    assert Client().get(english_url(upcoming)).status_code == 404
    assert Client().get(english_url(upcoming).replace(str(upcoming.pk), "999999")).status_code == 404
