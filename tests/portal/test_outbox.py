"""The outbox against a real SMTP server on loopback: nothing a person does fails or is lost while the
mail server is down, and what waited goes out exactly once when it is back."""

import datetime
import re
import threading

import pytest
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services as events_services
from events.models import AgendaState
from groups.models import Role
from knowledge_base.models import Subscriber
from portal import outbox
from portal.models import OutboxMessage
from tests.conftest import sign_in_fresh
from tests.events.conftest import People, add_item, make_meeting
from tests.groups.conftest import member_of, with_totp
from tests.smtp import SmtpServer

Status = OutboxMessage.Status


@pytest.fixture
def smtp(settings):
    """A mail server that is configured but not running until the test starts it."""
    server = SmtpServer()
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


def time_passes() -> None:
    """Every waiting message is due now, as if its backoff had run out."""
    OutboxMessage.objects.filter(status=Status.PENDING).update(next_attempt_at=timezone.now())


def received_ids(server: SmtpServer) -> list[str]:
    return [message["Message-ID"] for message in server.messages]


def assert_exactly_once(server: SmtpServer, expected: int) -> None:
    ids = received_ids(server)
    assert len(ids) == expected and len(set(ids)) == expected
    assert set(ids) == set(OutboxMessage.objects.filter(status=Status.SENT).values_list("message_id", flat=True))


@pytest.mark.django_db
def test_agenda_approval_with_the_mail_server_down_loses_no_invitation(client, smtp, working_group):
    people = People(working_group)
    meeting = make_meeting(working_group)
    add_item(meeting, people.manager)
    events_services.agenda_submit(meeting=meeting, user=people.manager)
    sign_in_fresh(client, people.chair)

    response = client.post(reverse("events:agenda_action", args=[meeting.pk, "approve"]), follow=True)
    assert response.status_code == 200 and "pozvánky se odesílají" in response.content.decode()
    assert events_services.agenda_for(meeting).state == AgendaState.APPROVED
    invitations = OutboxMessage.objects.filter(kind="events.invitation")
    invitees = meeting.invitations.count()
    assert invitations.count() == invitees > 0 and set(invitations.values_list("status", flat=True)) == {Status.PENDING}

    everything = OutboxMessage.objects.count()  # the invitations and the chair's "agenda to approve"
    report = outbox.deliver_due()  # the worker tries: connection refused
    assert report.sent == 0 and report.retrying == everything
    waiting = invitations.first()
    assert waiting.attempts == 1 and waiting.next_attempt_at > timezone.now() and "Connection" in waiting.last_error

    # The manager sees that the invitations wait, person by person.
    meeting_page = reverse("events:meeting", args=[meeting.pk])
    sign_in_fresh(client, people.manager)
    assert f"E-maily s pozvánkou: čeká {invitees}" in client.get(meeting_page).content.decode()

    smtp.start()
    time_passes()
    assert outbox.deliver_due().sent == everything
    assert outbox.deliver_due().sent == 0  # nothing twice
    assert_exactly_once(smtp, everything)
    assert f"E-maily s pozvánkou: odesláno {invitees}" in client.get(meeting_page).content.decode()

    # The RSVP link that waited in the outbox still works.
    member_mail = next(m for m in smtp.messages if m["To"] == people.member.email)
    link = re.search(r"http://[^/\s]+(/odpoved/\S+/)", SmtpServer.text_of(member_mail)).group(1)
    assert Client().get(link).status_code == 200


@pytest.mark.django_db
def test_a_membership_invitation_waits_for_the_mail_server(client, smtp, working_group):
    manager = with_totp(member_of(working_group, Role.MANAGER, label="manazer-posty"))
    client.force_login(manager)
    organisation = manager.memberships.first().organisation
    response = client.post(
        f"/clenove/{working_group.pk}/pozvat/",
        {"email": "nova.clenka@example.org", "organisation": organisation.pk, "role": Role.MEMBER},
    )
    assert response.status_code == 302
    assert outbox.deliver_due().retrying == 1
    smtp.start()
    time_passes()
    outbox.deliver_due()
    assert_exactly_once(smtp, 1)
    link = re.search(r"http://[^/\s]+(/clenove/pozvanka/\S+/)", SmtpServer.text_of(smtp.messages[0])).group(1)
    assert Client().get(link).status_code == 200


@pytest.mark.django_db
def test_newsletter_confirmation_waits_for_the_mail_server(client, smtp):
    response = client.post("/zpravodaj/", {"email": "ctenar@example.org", "consent": "on"})
    assert response.status_code in (200, 302)
    assert outbox.deliver_due().retrying == 1
    smtp.start()
    time_passes()
    outbox.deliver_due()
    assert_exactly_once(smtp, 1)
    assert "/zpravodaj/potvrzeni/" in SmtpServer.text_of(smtp.messages[0])


def queue(count: int, **overrides) -> list[OutboxMessage]:
    messages = []
    for number in range(count):
        message = outbox.Message(
            kind="test.batch",
            subject=f"Zpráva {number}",
            template="groups/email/invitation.txt",
            context={"invitation": None, "invitation_url": "x", "valid_days": 1},
        )
        messages.append(outbox.send_to_address(overrides.get("email", f"adresat{number}@example.org"), message))
    return messages


@pytest.mark.django_db
def test_temporary_refusal_is_retried_with_backoff_then_given_up(smtp, settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    smtp.start()
    smtp.handler.reply_to_data = "451 4.3.0 Try again later"
    (message,) = queue(1)
    outbox.deliver_due()
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.attempts == 1 and "451" in message.last_error
    assert 25 <= (message.next_attempt_at - timezone.now()).total_seconds() <= 31
    time_passes()
    outbox.deliver_due()
    message.refresh_from_db()
    assert message.attempts == 2 and (message.next_attempt_at - timezone.now()).total_seconds() > 55  # doubled

    OutboxMessage.objects.filter(pk=message.pk).update(give_up_at=timezone.now(), next_attempt_at=timezone.now())
    outbox.deliver_due()
    message.refresh_from_db()
    assert message.status == Status.FAILED and "451" in message.last_error
    smtp.handler.reply_to_data = None
    assert outbox.deliver_due().sent == 0 and smtp.messages == []

    outbox.resend(message)  # an administrator's "send again"
    outbox.deliver_due()
    message.refresh_from_db()
    assert message.status == Status.SENT and len(smtp.messages) == 1


@pytest.mark.django_db
def test_a_refused_address_fails_with_its_reason_and_the_others_go_out(smtp):
    smtp.start()
    smtp.handler.refused_recipients["neexistuje@example.org"] = "550 5.1.1 No such user"
    good = queue(2)
    bad = queue(1, email="neexistuje@example.org")[0]
    malformed = queue(1, email="tohle není adresa")[0]
    report = outbox.deliver_due()
    assert report.sent == 2 and report.failed == 2
    bad.refresh_from_db(), malformed.refresh_from_db()
    assert bad.status == Status.FAILED and "550" in bad.last_error
    assert malformed.status == Status.FAILED and "Invalid address" in malformed.last_error
    assert {m["To"] for m in smtp.messages} == {g.to_email for g in good}


@pytest.mark.django_db
def test_unsubscribing_before_delivery_is_honoured(smtp, django_capture_on_commit_callbacks):
    from knowledge_base import services as kb_services

    for address in ("zustava@example.org", "odchazi@example.org"):
        Subscriber.objects.create(email=address, consent_text="x", status=Subscriber.Status.CONFIRMED)
    kb_services.newsletter_send(subject="Zpravodaj", text="Novinky.", build_url=lambda name, token, lang: token)
    kb_services.subscriber_unsubscribe(token=kb_services.unsubscribe_token("odchazi@example.org"))
    smtp.start()
    outbox.deliver_due()
    assert [m["To"] for m in smtp.messages] == ["zustava@example.org"]
    assert OutboxMessage.objects.get(to_email="odchazi@example.org").status == Status.CANCELLED


@pytest.mark.django_db
def test_a_worker_that_died_mid_batch_leaves_nothing_lost_and_nothing_twice(smtp):
    smtp.start()
    queue(5)
    claimed = outbox.claim(batch_size=3)  # a worker took three and was killed before sending
    assert len(claimed) == 3
    assert outbox.deliver_due().sent == 2  # another worker leaves the claimed ones alone
    OutboxMessage.objects.filter(pk__in=claimed).update(claimed_at=timezone.now() - datetime.timedelta(minutes=16))
    assert outbox.deliver_due().sent == 3  # abandoned claims are taken over
    assert_exactly_once(smtp, 5)


@pytest.mark.django_db(transaction=True)
def test_two_workers_deliver_a_batch_without_a_duplicate(smtp):
    smtp.start()
    queue(60)
    errors = []

    def worker():
        try:
            while outbox.deliver_due(batch_size=5).sent:
                pass
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert_exactly_once(smtp, 60)


@pytest.fixture
def two_bodies_of_mail(smtp, working_group, round_table):
    """Failed invitations about a meeting of each body, and an account mail about no page."""
    mine, theirs = make_meeting(working_group, slug="moje-jednani"), make_meeting(round_table, slug="cizi-jednani")
    for meeting in (mine, theirs):
        outbox.send_to_address(
            f"host-{meeting.slug}@example.org",
            outbox.Message(
                kind="events.invitation",
                subject=f"Pozvánka: {meeting.title}",
                template="events/email/cancelled.txt",
                context={"meeting": meeting, "secret": "TAJNY-ODKAZ"},
            ),
            about=meeting,
        )
    outbox.send_rendered(kind="account.password_reset_key", to_email="kdokoli@example.org", subject="Heslo", body="x")
    OutboxMessage.objects.update(status=Status.FAILED, last_error="SMTPServerDisconnected")
    return mine, theirs


@pytest.mark.django_db
def test_administrators_see_every_delivery_and_send_a_failed_one_again(client, staff_user, two_bodies_of_mail):
    client.force_login(with_totp(staff_user))
    listing = client.get("/admin/outbox/").content.decode()
    assert "host-moje-jednani@example.org" in listing and "host-cizi-jednani@example.org" in listing
    assert "kdokoli@example.org" in listing and "SMTPServerDisconnected" in listing
    failed = OutboxMessage.objects.get(to_email="kdokoli@example.org")
    inspect = client.get(f"/admin/outbox/inspect/{failed.pk}/").content.decode()
    assert f"/admin/outbox/{failed.pk}/resend/" in inspect
    assert client.get(f"/admin/outbox/{failed.pk}/resend/").status_code == 200  # asks first
    assert OutboxMessage.objects.get(pk=failed.pk).status == Status.FAILED
    client.post(f"/admin/outbox/{failed.pk}/resend/")
    assert OutboxMessage.objects.get(pk=failed.pk).status == Status.PENDING
    assert "/admin/outbox/" in client.get("/admin/").content.decode()  # in the menu


@pytest.mark.django_db
def test_managers_see_who_was_invited_to_their_own_meetings_only(client, working_group, two_bodies_of_mail):
    mine, theirs = two_bodies_of_mail
    manager = with_totp(member_of(working_group, Role.MANAGER, label="manazer-zprav"))
    client.force_login(manager)
    listing = client.get("/admin/outbox/").content.decode()
    assert "host-moje-jednani@example.org" in listing
    assert "host-cizi-jednani@example.org" not in listing and "kdokoli@example.org" not in listing
    own = OutboxMessage.objects.get(about=mine)
    inspect = client.get(f"/admin/outbox/inspect/{own.pk}/").content.decode()
    assert "host-moje-jednani@example.org" in inspect and "TAJNY-ODKAZ" not in inspect  # never the text
    foreign = OutboxMessage.objects.get(about=theirs)
    assert client.get(f"/admin/outbox/inspect/{foreign.pk}/").status_code == 404
    assert client.post(f"/admin/outbox/{own.pk}/resend/").status_code in (302, 403)  # Wagtail's refusal
    assert OutboxMessage.objects.get(pk=own.pk).status == Status.FAILED


@pytest.mark.django_db
def test_members_without_admin_access_see_no_deliveries(client, working_group, two_bodies_of_mail):
    client.force_login(member_of(working_group, Role.MEMBER, label="clen-bez-adminu"))
    assert client.get("/admin/outbox/").status_code in (302, 403)


@pytest.mark.django_db
def test_the_text_with_its_personal_links_is_dropped_once_sent_or_cancelled(smtp):
    smtp.start()
    sent, cancelled = queue(1)[0], queue(1, email="odhlasen@example.org")[0]
    outbox.cancel_pending(kind="test.batch", to_email="odhlasen@example.org")
    outbox.deliver_due()
    sent.refresh_from_db(), cancelled.refresh_from_db()
    assert sent.status == Status.SENT and sent.body == "" and sent.subject
    assert cancelled.status == Status.CANCELLED and cancelled.body == ""
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_a_recipient_refused_for_now_does_not_hold_up_the_others(smtp):
    smtp.start()
    smtp.handler.refused_recipients["plna-schranka@example.org"] = "452 4.2.2 Mailbox full"
    first = queue(1, email="plna-schranka@example.org")[0]
    others = queue(3)
    report = outbox.deliver_due()
    assert report.sent == 3 and report.retrying == 1
    first.refresh_from_db()
    assert first.status == Status.PENDING and "452" in first.last_error
    assert {m["To"] for m in smtp.messages} == {o.to_email for o in others}


@pytest.mark.django_db
def test_account_mail_waits_in_the_outbox_while_the_server_is_down(client, smtp, member):
    response = client.post("/ucet/password/reset/", {"email": member.email})
    assert response.status_code == 302  # no error page while the mail server is down
    waiting = OutboxMessage.objects.get(to_email=member.email)
    assert waiting.kind.startswith("account.") and "/ucet/password/reset/key/" in waiting.body
    smtp.start()
    outbox.deliver_due()
    assert_exactly_once(smtp, 1)


@pytest.mark.django_db
def test_claims_left_by_a_dead_worker_book_the_next_run(smtp, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["outbox", "default"]},
    }
    queue(2)
    outbox.claim(batch_size=2)  # the worker died holding them
    outbox.deliver_due()
    booked = DBTaskResult.objects.filter(task_path="portal.tasks.deliver_outbox").order_by("-run_after").first()
    assert booked is not None
    delay = (booked.run_after - timezone.now()).total_seconds()
    assert 14 * 60 < delay <= 15 * 60
    outbox.deliver_due()  # asked again: no second booking for the same moment
    assert (
        DBTaskResult.objects.filter(task_path="portal.tasks.deliver_outbox", run_after__gt=timezone.now()).count() == 1
    )


@pytest.mark.django_db
def test_editors_see_no_deliveries(client, two_bodies_of_mail):
    from tests.groups.conftest import editor

    client.force_login(with_totp(editor()))
    listing = client.get("/admin/outbox/")
    assert "host-moje-jednani@example.org" not in listing.content.decode()


@pytest.mark.django_db
def test_a_newsletter_mailing_interrupted_by_the_server_goes_on_where_it_stopped(smtp, settings):
    from knowledge_base import services as kb_services

    for number in range(5):
        Subscriber.objects.create(email=f"ctenar{number}@example.org", consent_text="x", status="confirmed")
    build = lambda name, token, language: f"http://testserver/{token}/"  # noqa: E731
    mailing, queued = kb_services.newsletter_send(subject="Zpravodaj 12/2026", text="Novinky.", build_url=build)
    assert queued == 5
    smtp.start()
    smtp.handler.reply_to_data = "421 4.3.2 Service shutting down"  # the server goes away after the first
    outbox.deliver_due()
    assert smtp.messages == []
    smtp.handler.reply_to_data = None
    # Someone runs the command again while mail waits: nothing is queued twice.
    assert kb_services.newsletter_send(subject="Zpravodaj 12/2026", text="Novinky.", build_url=build) == (mailing, 0)
    time_passes()
    outbox.deliver_due()
    assert_exactly_once(smtp, 5)
