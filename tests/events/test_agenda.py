"""The agenda: items, proposals, the chair's approval, invitations with .ics, changes after approval."""

import datetime
import io
import zipfile

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone, translation

from events import services
from events.models import AgendaState, Confidentiality, ItemStatus, MeetingPage, Response
from events.urls import urlpatterns
from groups.models import AgendaKind
from portal.models import Notification
from tests.events.conftest import add_item, approved_meeting, make_meeting, pdf_text, signed_in

pytestmark = pytest.mark.django_db


def item_data(**extra):
    return {
        "title": "Informace z odboru",
        "kind": AgendaKind.INFORMATIONAL,
        "planned_minutes": 15,
        "confidentiality": "public",
        "description": "",
        **extra,
    }


def test_meeting_must_end_after_it_starts(working_group):
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = MeetingPage(
        title="Chybné", slug="chybne", start=start, end=start - datetime.timedelta(hours=1), place="X"
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "end" in error.value.message_dict


def test_manager_adds_an_item_with_an_annex(client, people, meeting):
    signed_in(client, people.manager)
    annex = SimpleUploadedFile("podklad.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("events:item_add", args=[meeting.pk]),
        {**item_data(presenter=people.member.pk), "files": [annex]},
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get()
    assert item.status == ItemStatus.ACCEPTED and item.presenter == people.member
    assert item.documents.get().filename.startswith("podklad")


def test_presenter_who_is_not_a_member_is_refused_and_nothing_is_saved(client, people, meeting):
    signed_in(client, people.manager)
    response = client.post(reverse("events:item_add", args=[meeting.pk]), item_data(presenter=people.outsider.pk))
    assert response.status_code == 200
    assert "presenter" in response.context["form"].errors
    assert not meeting.agenda_items.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("skript.exe", b"MZ", "exe"), ("velky.pdf", b"x", "large")],
)
def test_forbidden_or_oversized_annex_is_refused(client, people, meeting, settings, name, content, message):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 0 if message == "large" else 20 * 1024 * 1024
    signed_in(client, people.manager)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("events:item_add", args=[meeting.pk]), {**item_data(), "files": [upload]})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() or response.context["form"].errors
    assert not meeting.agenda_items.exists()


def test_annex_whose_content_is_not_what_its_name_says_is_refused_in_czech(client, people, meeting):
    signed_in(client, people.manager)
    fake = SimpleUploadedFile("podklad.pdf", b"<html><script>alert(document.cookie)</script></html>")
    genuine = SimpleUploadedFile("mapa.pdf", b"%PDF-1.4 mapa")
    response = client.post(reverse("events:item_add", args=[meeting.pk]), {**item_data(), "files": [genuine, fake]})
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == ["Obsah souboru „podklad.pdf“ neodpovídá jeho příponě .pdf."]
    assert "Obsah souboru „podklad.pdf“ neodpovídá jeho příponě .pdf." in response.content.decode()
    assert not meeting.agenda_items.exists()


def test_members_propose_until_the_cutoff_and_guests_never(client, people, meeting):
    signed_in(client, people.member)
    assert client.post(reverse("events:item_add", args=[meeting.pk]), item_data(title="Návrh")).status_code == 302
    proposal = meeting.agenda_items.get()
    assert proposal.status == ItemStatus.PROPOSED and proposal.proposed_by == people.member
    signed_in(client, people.guest)
    assert client.post(reverse("events:item_add", args=[meeting.pk]), item_data()).status_code == 403
    signed_in(client, people.outsider)  # not told the meeting exists
    assert client.post(reverse("events:item_add", args=[meeting.pk]), item_data()).status_code == 404


def test_proposal_after_the_cutoff_is_refused(client, people, working_group):
    meeting = make_meeting(working_group, days=3)  # cut-off: 7 days before
    signed_in(client, people.member)
    assert client.post(reverse("events:item_add", args=[meeting.pk]), item_data()).status_code == 403
    with pytest.raises(ValidationError):
        services.agenda_item_propose(meeting=meeting, user=people.member, values={"title": "Pozdě"})


def test_manager_accepts_or_declines_a_proposal_with_a_reason(client, people, meeting):
    first = services.agenda_item_propose(meeting=meeting, user=people.member, values={"title": "Jedna"})
    second = services.agenda_item_propose(meeting=meeting, user=people.member, values={"title": "Dvě"})
    signed_in(client, people.manager)
    client.post(reverse("events:item_decide", args=[first.pk]), {"decision": "accept"})
    client.post(reverse("events:item_decide", args=[second.pk]), {"decision": "decline", "reason": ""})
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == ItemStatus.ACCEPTED
    assert second.status == ItemStatus.PROPOSED  # no reason: nothing changes
    client.post(
        reverse("events:item_decide", args=[second.pk]), {"decision": "decline", "reason": "Patří na kulatý stůl."}
    )
    second.refresh_from_db()
    assert second.status == ItemStatus.DECLINED and second.decline_reason == "Patří na kulatý stůl."
    assert Notification.objects.filter(recipient=people.member, kind="events.proposal").count() == 2


def test_only_the_chair_approves_and_only_a_submitted_agenda(client, people, meeting):
    add_item(meeting, people.manager)
    url = reverse("events:agenda_action", args=[meeting.pk, "approve"])
    signed_in(client, people.chair)
    client.post(url)
    assert services.agenda_for(meeting).state == AgendaState.DRAFT  # not submitted yet
    services.agenda_submit(meeting=meeting, user=people.manager)
    for role in ("manager", "member", "guest", "outsider"):
        signed_in(client, getattr(people, role))
        assert client.post(url).status_code == (404 if role == "outsider" else 403), role
    assert services.agenda_for(meeting).state == AgendaState.SUBMITTED
    signed_in(client, people.chair)
    assert client.post(url).status_code == 302
    assert services.agenda_for(meeting).state == AgendaState.APPROVED


def test_chair_returns_the_agenda_with_a_comment(client, people, meeting):
    add_item(meeting, people.manager)
    services.agenda_submit(meeting=meeting, user=people.manager)
    signed_in(client, people.chair)
    url = reverse("events:agenda_action", args=[meeting.pk, "return"])
    client.post(url, {"comment": ""})
    assert services.agenda_for(meeting).state == AgendaState.SUBMITTED
    client.post(url, {"comment": "Doplňte bod o akčním plánu."})
    agenda = services.agenda_for(meeting)
    assert agenda.state == AgendaState.DRAFT and agenda.return_comment == "Doplňte bod o akčním plánu."
    assert Notification.objects.filter(recipient=people.manager, kind="events.agenda_returned").exists()


def test_approval_invites_every_member_with_ics_and_rsvp_link(
    people, working_group, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = approved_meeting(working_group, people)
    invited = set(meeting.invitations.values_list("person_id", flat=True))
    assert {p.pk for name, p in people.all().items() if name != "outsider"} <= invited
    assert people.outsider.pk not in invited
    message = next(m for m in mail.outbox if m.to == [people.member.email])
    assert meeting.title in message.subject
    assert "/odpoved/" in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]).startswith(meeting.title)
    assert event.decoded("dtstart") == meeting.start.replace(microsecond=0)
    assert "Dvořák" not in str(content)  # the confidential item's title stays out of calendars


def test_change_after_approval_needs_reapproval_and_tells_invitees_what_changed(
    people, working_group, django_capture_on_commit_callbacks
):
    meeting = approved_meeting(working_group, people)
    mail.outbox.clear()
    add_item(meeting, people.manager, "Nový bod o bytech")
    agenda = services.agenda_for(meeting)
    assert agenda.state == AgendaState.DRAFT and agenda.needs_reapproval
    services.agenda_submit(meeting=meeting, user=people.manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_approve(meeting=meeting, user=people.chair)
    message = [m for m in mail.outbox if m.to == [people.member.email]][-1]  # after the first invitation
    assert "Nový bod o bytech" in message.body
    assert Notification.objects.filter(recipient=people.member, kind="events.agenda_changed").exists()
    assert services.agenda_for(meeting).sequence == 2


def test_agenda_is_frozen_once_the_meeting_starts(client, people, working_group):
    meeting = make_meeting(working_group, days=-0.01)
    signed_in(client, people.manager)
    assert client.get(reverse("events:item_add", args=[meeting.pk])).status_code == 403


def test_annexes_are_served_only_to_those_who_may_read_the_item(client, people, meeting):
    public = add_item(meeting, people.manager, "Veřejný")
    secret = add_item(meeting, people.manager, "Důvěrný", "confidential")
    for item in (public, secret):
        services._attach(item, [SimpleUploadedFile("p.pdf", b"%PDF-1.4")], people.manager)
    public_doc, secret_doc = public.documents.get(), secret.documents.get()
    expectations = {
        "member": (200, 200),
        "substitute": (200, 200),
        "guest": (200, 404),  # a confidential annex is not even admitted to exist
        "outsider": (404, 404),
    }
    for role, (public_status, secret_status) in expectations.items():
        signed_in(client, getattr(people, role))
        assert client.get(reverse("events:document", args=[public_doc.pk])).status_code == public_status, role
        assert client.get(reverse("events:document", args=[secret_doc.pk])).status_code == secret_status, role
    client.logout()
    assert client.get(reverse("events:document", args=[public_doc.pk])).status_code == 302  # to sign-in


def _pack(client, user, meeting) -> dict[str, bytes]:
    signed_in(client, user)
    response = client.get(reverse("events:invitation_pack", args=[meeting.pk]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_invitation_pack_holds_for_a_permanent_guest_no_confidential_item_or_annex(
    client, people, working_group, django_capture_on_commit_callbacks
):
    meeting = make_meeting(working_group)
    public = add_item(meeting, people.manager, "Veřejný bod", description="Harmonogram na příští rok.")
    secret = add_item(
        meeting,
        people.manager,
        "Kazuistika rodiny Dvořákových",
        Confidentiality.CONFIDENTIAL,
        description="Rodina Dvořákových dluží nájem.",
    )
    public_annex = b"%PDF-1.4 verejna mapa lokality"
    secret_annex = b"%PDF-1.4 splatkovy kalendar rodiny"
    services._attach(public, [SimpleUploadedFile("mapa.pdf", public_annex)], people.manager)
    services._attach(secret, [SimpleUploadedFile("splatkovy-kalendar.pdf", secret_annex)], people.manager)
    services.agenda_submit(meeting=meeting, user=people.manager)
    with django_capture_on_commit_callbacks(execute=True):  # the worker builds the packs after the approval
        services.agenda_approve(meeting=meeting, user=people.chair)

    packs = {role: _pack(client, getattr(people, role), meeting) for role in ("member", "guest")}
    for role, pack in packs.items():
        assert next(iter(pack)) == "00-program.pdf", role
        agenda = pdf_text(pack["00-program.pdf"])
        assert "Veřejný bod" in agenda and "Harmonogram na příští rok." in agenda, role
        assert public_annex in pack.values(), role
        secret_visible = role == "member"  # a core member's pack shows that the checks can see it at all
        assert ("Kazuistika rodiny Dvořákových" in agenda) is secret_visible, role
        assert ("Rodina Dvořákových dluží nájem." in agenda) is secret_visible, role
        assert ("splatkovy-kalendar" in agenda) is secret_visible, role  # the annex listed under its item
        assert (secret_annex in pack.values()) is secret_visible, role
        assert any("splatkovy-kalendar" in name for name in pack) is secret_visible, role
    assert not any(b"splatkovy kalendar" in content for content in packs["guest"].values())


def test_meeting_page_in_members_area_per_role(client, people, meeting):
    add_item(meeting, people.manager, "Kazuistika", "confidential")
    url = reverse("events:meeting", args=[meeting.pk])
    for role, status, sees_secret in [
        ("manager", 200, True),
        ("member", 200, True),
        ("guest", 200, False),
        ("outsider", 404, False),
    ]:
        signed_in(client, getattr(people, role))
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert ("Kazuistika" in response.content.decode()) is sees_secret, role


def test_rsvp_choices_on_the_members_page(client, people, working_group):
    meeting = approved_meeting(working_group, people)
    signed_in(client, people.member)
    client.post(reverse("events:respond", args=[meeting.pk]), {"response": "substitute", "substitute_name": ""})
    assert meeting.invitations.get(person=people.member).response == Response.PENDING
    client.post(
        reverse("events:respond", args=[meeting.pk]), {"response": "substitute", "substitute_name": "Ivana Malá"}
    )
    invitation = meeting.invitations.get(person=people.member)
    assert invitation.response == Response.SUBSTITUTE and invitation.substitute_name == "Ivana Malá"


def test_cancelling_tells_the_invitees_once_with_a_cancelling_ics(
    people, working_group, django_capture_on_commit_callbacks
):
    meeting = approved_meeting(working_group, people)
    mail.outbox.clear()
    meeting.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    message = [m for m in mail.outbox if m.to == [people.member.email]][-1]  # after the invitation
    assert "zrušeno" in message.subject.lower()
    calendar = icalendar.Calendar.from_ical(message.attachments[0][1])
    assert str(calendar["method"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"
    assert Notification.objects.filter(recipient=people.guest, kind="events.meeting_cancelled").count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()  # published again, still cancelled: no second message
    assert not mail.outbox


def test_every_fixed_route_resolves_to_its_own_view_in_both_languages():
    """A catch-all `<str:action>` route must not swallow a fixed one such as the agenda's print view."""
    for language in ("cs", "en"):
        with translation.override(language):
            for pattern in urlpatterns:
                route = str(pattern.pattern)
                if "<str:" in route:
                    continue
                kwargs = dict.fromkeys(pattern.pattern.converters, 1)
                url = reverse(f"events:{pattern.name}", kwargs=kwargs)
                assert resolve(url).url_name == pattern.name, (language, url)


def test_members_print_the_agenda_they_may_read(client, people, meeting):
    add_item(meeting, people.manager, "Veřejný bod")
    add_item(meeting, people.manager, "Kazuistika rodiny Dvořákových", Confidentiality.CONFIDENTIAL)
    url = reverse("events:agenda_print", args=[meeting.pk])
    signed_in(client, people.member)
    page = client.get(url)
    assert page.status_code == 200 and "Kazuistika" in page.content.decode()
    signed_in(client, people.guest)
    page = client.get(url).content.decode()
    assert "Veřejný bod" in page and "Kazuistika" not in page
    signed_in(client, people.outsider)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("how", ["started", "cancelled"])
def test_no_service_changes_the_agenda_of_a_started_or_cancelled_meeting(people, meeting, how):
    """The services hold the rule themselves (events/rules.py), not only the views."""
    item = add_item(meeting, people.manager)
    proposal = services.agenda_item_propose(meeting=meeting, user=people.member, values={"title": "Návrh"})
    if how == "started":
        meeting.start = timezone.now() - datetime.timedelta(minutes=5)
    else:
        meeting.cancelled = True
    meeting.save_revision().publish()
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    item.meeting = proposal.meeting = meeting
    steps = {
        "save": lambda: services.agenda_item_save(meeting=meeting, user=people.manager, values={"title": "Nový"}),
        "withdraw": lambda: services.agenda_item_withdraw(item=item, user=people.manager),
        "move": lambda: services.agenda_item_move(item=item, user=people.manager, up=False),
        "decide": lambda: services.agenda_item_decide(item=proposal, user=people.manager, accept=True),
        "submit": lambda: services.agenda_submit(meeting=meeting, user=people.manager),
    }
    for name, step in steps.items():
        with pytest.raises(ValidationError):
            step()
        assert meeting.agenda_items.filter(title="Nový").count() == 0, name
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
