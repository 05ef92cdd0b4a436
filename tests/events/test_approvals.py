"""The chair's decisions are signatures: a fresh sign-in (with the second factor) and never one's own submission."""

import datetime
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import AgendaState, MinutesState
from groups import services as groups_services
from groups.models import Role
from tests.conftest import sign_in_fresh
from tests.events.conftest import add_item, approved_meeting, circulated_and_submitted
from tests.factories import OrganisationFactory
from tests.groups.conftest import member_of, with_totp

pytestmark = pytest.mark.django_db


def totp_code(user) -> str:
    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap().instance.data["secret"]
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def signed_in_long_ago(client, user, minutes: int = 16):
    sign_in_fresh(client, user)
    session = client.session
    session["account_authentication_methods"][0]["at"] = time.time() - minutes * 60
    session.save()


@pytest.fixture
def submitted(people, meeting):
    add_item(meeting, people.manager)
    services.agenda_submit(meeting=meeting, user=people.manager)
    return meeting


def test_an_old_sign_in_asks_for_the_code_again_then_approves(client, people, submitted):
    url = reverse("events:agenda_action", args=[submitted.pk, "approve"])
    signed_in_long_ago(client, people.chair)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/ucet/2fa/reauthenticate/")
    assert services.agenda_for(submitted).state == AgendaState.SUBMITTED
    confirmed = client.post(response["Location"], {"code": totp_code(people.chair)})
    # allauth replays the suspended approval once the code is right
    assert confirmed.status_code == 302
    assert services.agenda_for(submitted).state == AgendaState.APPROVED


def test_a_password_alone_does_not_refresh_a_chair_with_two_factor(client, people, submitted):
    sign_in_fresh(client, people.chair, method="password")
    client.post(reverse("events:agenda_action", args=[submitted.pk, "approve"]))
    assert services.agenda_for(submitted).state == AgendaState.SUBMITTED


def test_a_sign_in_within_fifteen_minutes_is_enough(client, people, submitted):
    signed_in_long_ago(client, people.chair, minutes=14)
    client.post(reverse("events:agenda_action", args=[submitted.pk, "approve"]))
    assert services.agenda_for(submitted).state == AgendaState.APPROVED


def test_returning_the_agenda_also_needs_a_fresh_sign_in(client, people, submitted):
    signed_in_long_ago(client, people.chair)
    client.post(reverse("events:agenda_action", args=[submitted.pk, "return"]), {"comment": "Doplnit."})
    assert services.agenda_for(submitted).state == AgendaState.SUBMITTED


def test_minutes_approval_needs_a_fresh_sign_in(client, people, working_group):
    meeting = approved_meeting(working_group, people, days=20)
    meeting.start = timezone.now() - datetime.timedelta(days=1)
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    minutes = services.minutes_for(meeting)
    circulated_and_submitted(minutes, people.manager)
    url = reverse("events:minutes_action", args=[meeting.pk, "approve"])
    signed_in_long_ago(client, people.chair)
    assert client.post(url)["Location"].startswith("/ucet/2fa/reauthenticate/")
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.SUBMITTED
    sign_in_fresh(client, people.chair)
    client.post(url)
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.APPROVED


def test_nobody_approves_what_they_submitted(client, people, working_group, meeting):
    """A chair who also keeps the body's papers (chair and manager at once) needs another chair."""
    both = with_totp(member_of(working_group, Role.CHAIR, label="oboji"))
    groups_services.membership_create(
        person=both, organisation=OrganisationFactory(), body=working_group, role=Role.MANAGER
    )
    add_item(meeting, both)
    services.agenda_submit(meeting=meeting, user=both)
    sign_in_fresh(client, both)
    url = reverse("events:agenda_action", args=[meeting.pk, "approve"])
    assert client.post(url).status_code == 403
    assert services.agenda_for(meeting).state == AgendaState.SUBMITTED
    with pytest.raises(Exception, match="sám"):
        services.agenda_approve(meeting=meeting, user=both)
    sign_in_fresh(client, people.chair)  # another chair of the body may
    client.post(url)
    assert services.agenda_for(meeting).state == AgendaState.APPROVED
