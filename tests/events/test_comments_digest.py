"""The managers' daily digest of what members wrote on minutes in circulation: one message per
minutes and run, each comment in one digest only, never the reader's own comments."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.models import MinutesComment
from groups.models import Role
from portal.models import Notification
from tests.events.conftest import make_meeting
from tests.groups.conftest import member_of, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def circulating(people, working_group):
    meeting = make_meeting(working_group, days=-2, slug="v-obehu")
    minutes = services.minutes_for(meeting)
    return services.minutes_circulate(
        minutes=minutes, user=people.manager, deadline=timezone.now() + datetime.timedelta(days=3)
    )


def _digests(person):
    return [m for m in mail.outbox if m.to == [person.email] and "Nové připomínky k zápisu" in m.subject]


def _run(capture):
    mail.outbox.clear()
    with capture(execute=True):
        return services.reminders_send()["comments"]


def test_the_manager_gets_one_digest_of_the_days_comments(people, circulating, django_capture_on_commit_callbacks):
    first = services.minutes_comment(minutes=circulating, user=people.member, text="Doplňte termín předání bytů.")
    services.minutes_comment(minutes=circulating, user=people.chair, text="Souhlasím s doplněním.", parent=first)

    assert _run(django_capture_on_commit_callbacks) == 1

    (digest,) = _digests(people.manager)
    assert circulating.meeting.title in digest.subject
    assert "2 připomínky" in digest.body
    assert "Doplňte termín předání bytů." in digest.body and "Souhlasím s doplněním." in digest.body
    assert str(people.member) in digest.body and "(odpověď)" in digest.body
    assert f"/clenove/jednani/{circulating.meeting.pk}/zapis/" in digest.body
    assert Notification.objects.filter(recipient=people.manager, kind="events.comments_digest").count() == 1
    # Nobody else gets it: the members read the comments in the minutes themselves.
    for other in (people.chair, people.member, people.substitute, people.guest):
        assert not _digests(other)
    assert not MinutesComment.objects.filter(digested_at__isnull=True).exists()


def test_a_comment_goes_in_one_digest_only(people, circulating, django_capture_on_commit_callbacks):
    services.minutes_comment(minutes=circulating, user=people.member, text="První den.")
    _run(django_capture_on_commit_callbacks)

    assert _run(django_capture_on_commit_callbacks) == 0  # run twice a day: nothing new, no mail
    assert not _digests(people.manager)

    services.minutes_comment(minutes=circulating, user=people.substitute, text="Druhý den.")
    assert _run(django_capture_on_commit_callbacks) == 1
    (digest,) = _digests(people.manager)
    assert "Druhý den." in digest.body and "První den." not in digest.body
    assert "1 připomínku" in digest.body


def test_a_manager_is_not_told_of_their_own_comments(
    people, working_group, circulating, django_capture_on_commit_callbacks
):
    second_manager = with_totp(member_of(working_group, Role.MANAGER, label="druhy-manazer"))
    services.minutes_comment(minutes=circulating, user=people.manager, text="Opravil jsem přílohu.")

    assert _run(django_capture_on_commit_callbacks) == 1

    assert not _digests(people.manager)
    (digest,) = _digests(second_manager)
    assert "Opravil jsem přílohu." in digest.body


def test_the_daily_command_reports_the_digests(people, circulating):
    services.minutes_comment(minutes=circulating, user=people.member, text="Připomínka.")
    out = io.StringIO()

    call_command("send_meeting_reminders", stdout=out)

    assert "comment digests: 1" in out.getvalue()
