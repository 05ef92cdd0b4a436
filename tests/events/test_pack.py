"""The invitation pack (the agenda as PDF and the annexes, a ZIP) is built by the worker after the chair's
approval, one per kind of reader, and the download only hands out what was built (events/tasks.py)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events import selectors, services
from events.models import Confidentiality, InvitationPack, MeetingPage
from events.storage import private_storage
from events.tasks import build_invitation_packs
from tests.events.conftest import add_item, make_meeting, pdf_text, signed_in

pytestmark = pytest.mark.django_db

PREPARING = "Balíček podkladů se připravuje"
PREPARING_MESSAGE = "Balíček podkladů se připravuje; za chvíli bude hotový."
AFTER_APPROVAL = "Balíček podkladů po schválení programu"
CORE, GUESTS = "confidential-members-public", "members-public"


def pack_url(meeting) -> str:
    return reverse("events:invitation_pack", args=[meeting.pk])


def meeting_url(meeting) -> str:
    return reverse("events:meeting", args=[meeting.pk])


def submitted_meeting(body, people) -> MeetingPage:
    """An agenda with a public item, a members' item and a case discussion, each with an annex, at the chair."""
    meeting = make_meeting(body)
    for title, confidentiality, annex in [
        ("Veřejný bod", Confidentiality.PUBLIC, "mapa-lokality"),
        ("Bod pro členy", Confidentiality.MEMBERS, "rozpocet"),
        ("Kazuistika rodiny Dvořákových", Confidentiality.CONFIDENTIAL, "splatkovy-kalendar"),
    ]:
        item = add_item(meeting, people.manager, title, confidentiality, description=f"Popis: {title}.")
        content = f"%PDF-1.4 {annex}".encode()
        services._attach(item, [SimpleUploadedFile(f"{annex}.pdf", content)], people.manager)
    services.agenda_submit(meeting=meeting, user=people.manager)
    return meeting


def approve(meeting, people, capture, *, build: bool = True):
    """The chair approves; with `build` the worker runs right after the commit (ImmediateBackend in tests)."""
    with capture(execute=build) as callbacks:
        services.agenda_approve(meeting=meeting, user=people.chair)
    return callbacks


def download(client, user, meeting) -> dict[str, bytes]:
    signed_in(client, user)
    response = client.get(pack_url(meeting))
    assert response.status_code == 200, response.status_code
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_approval_builds_a_pack_for_each_kind_of_reader_after_commit(
    people, working_group, django_capture_on_commit_callbacks
):
    meeting = submitted_meeting(working_group, people)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_approve(meeting=meeting, user=people.chair)
        assert not meeting.invitation_packs.exists()  # not in the approval's transaction: the worker's job
    packs = meeting.invitation_packs.all()
    assert sorted(packs.values_list("levels", "sequence")) == [(CORE, 1), (GUESTS, 1)]
    for pack in packs:
        assert pack.file.storage is private_storage and private_storage.exists(pack.file.name)  # never served as media


def test_download_serves_the_stored_pack_without_building_it(
    client, people, working_group, django_capture_on_commit_callbacks, monkeypatch
):
    meeting = submitted_meeting(working_group, people)
    approve(meeting, people, django_capture_on_commit_callbacks)

    def no_weasyprint_here(*args, **kwargs):
        raise AssertionError("the download built the agenda PDF in the request")

    monkeypatch.setattr("events.documents.agenda_pdf", no_weasyprint_here)
    signed_in(client, people.member)
    response = client.get(pack_url(meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    stored = InvitationPack.objects.get(meeting=meeting, levels=CORE)
    with stored.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_a_permanent_guests_pack_holds_no_confidential_item_or_annex_while_the_cores_does(
    client, people, working_group, django_capture_on_commit_callbacks
):
    meeting = submitted_meeting(working_group, people)
    approve(meeting, people, django_capture_on_commit_callbacks)
    every_title = [item.title for item in meeting.agenda_items.all()]
    for role in ("chair", "manager", "member", "substitute", "guest"):
        reader = getattr(people, role)
        pack = download(client, reader, meeting)
        agenda = pdf_text(pack.pop("00-program.pdf"))
        # Exactly the items and annexes the reader sees on the meeting page, by the same rule.
        visible = list(selectors.agenda_items_for(meeting, reader))
        assert [title for title in every_title if title in agenda] == [item.title for item in visible], role
        annexes = [document.file.open("rb").read() for item in visible for document in item.documents.all()]
        assert sorted(pack.values()) == sorted(annexes), role
        confidential = role != "guest"
        assert ("Kazuistika rodiny Dvořákových" in agenda) is confidential, role
        assert ("Popis: Kazuistika rodiny Dvořákových." in agenda) is confidential, role
        assert any("splatkovy-kalendar" in name for name in pack) is confidential, role
        assert any(b"splatkovy-kalendar" in content for content in pack.values()) is confidential, role


def test_a_reapproved_changed_agenda_makes_the_old_pack_stale_until_it_is_rebuilt(
    client, people, working_group, django_capture_on_commit_callbacks
):
    meeting = submitted_meeting(working_group, people)
    approve(meeting, people, django_capture_on_commit_callbacks)
    old_file = InvitationPack.objects.get(meeting=meeting, levels=CORE).file.name
    add_item(meeting, people.manager, "Nový bod o nájemném")
    # Until the chair approves the change, members get the pack of the agenda as last approved.
    assert "Nový bod o nájemném" not in pdf_text(download(client, people.member, meeting)["00-program.pdf"])

    services.agenda_submit(meeting=meeting, user=people.manager)
    callbacks = approve(meeting, people, django_capture_on_commit_callbacks, build=False)
    signed_in(client, people.member)
    response = client.get(pack_url(meeting), follow=True)
    assert response.redirect_chain == [(meeting_url(meeting), 302)]  # the old pack is not handed out
    assert PREPARING_MESSAGE in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the worker's own commit follows
        for callback in callbacks:  # the approval's commit, and the worker
            callback()
    assert "Nový bod o nájemném" in pdf_text(download(client, people.member, meeting)["00-program.pdf"])
    assert InvitationPack.objects.get(meeting=meeting, levels=CORE).sequence == 2
    assert not private_storage.exists(old_file)  # the stale file does not linger


def test_an_outsider_gets_404_not_a_pack(client, people, working_group, django_capture_on_commit_callbacks):
    meeting = submitted_meeting(working_group, people)
    approve(meeting, people, django_capture_on_commit_callbacks)
    signed_in(client, people.outsider)
    assert client.get(pack_url(meeting)).status_code == 404
    client.logout()
    assert client.get(pack_url(meeting)).status_code == 302  # to sign-in
    assert "/ucet/" in client.get(pack_url(meeting))["Location"]


def test_before_the_pack_is_built_the_page_says_it_is_being_prepared(
    client, people, working_group, django_capture_on_commit_callbacks
):
    meeting = submitted_meeting(working_group, people)
    callbacks = approve(meeting, people, django_capture_on_commit_callbacks, build=False)
    signed_in(client, people.guest)
    page = client.get(meeting_url(meeting)).content.decode()
    assert PREPARING in page and f'href="{pack_url(meeting)}"' not in page
    response = client.get(pack_url(meeting), follow=True)
    assert response.redirect_chain == [(meeting_url(meeting), 302)]  # nothing is built in the request
    assert PREPARING_MESSAGE in response.content.decode()

    for callback in callbacks:
        callback()
    page = client.get(meeting_url(meeting)).content.decode()
    assert PREPARING not in page and f'href="{pack_url(meeting)}"' in page
    assert "připraven " in page  # with the time it was built


def test_before_any_approval_there_is_no_pack_and_the_page_says_so(client, people, working_group):
    meeting = make_meeting(working_group)
    add_item(meeting, people.manager, "Návrh bodu")
    signed_in(client, people.manager)
    page = client.get(meeting_url(meeting)).content.decode()
    assert AFTER_APPROVAL in page
    assert PREPARING not in page and f'href="{pack_url(meeting)}"' not in page
    response = client.get(pack_url(meeting), follow=True)
    assert response.redirect_chain == [(meeting_url(meeting), 302)]
    assert "až předsedající schválí program" in response.content.decode()
    assert services.invitation_packs_build(meeting_id=meeting.pk, sequence=0) == []  # a draft is not final


def test_the_worker_builds_nothing_for_an_agenda_changed_or_approved_again_since(
    client, people, working_group, django_capture_on_commit_callbacks
):
    meeting = submitted_meeting(working_group, people)
    callbacks = approve(meeting, people, django_capture_on_commit_callbacks, build=False)
    add_item(meeting, people.manager, "Změna před sestavením")  # the items are no longer the approved ones
    for callback in callbacks:
        callback()
    assert not meeting.invitation_packs.exists()
    signed_in(client, people.member)
    assert AFTER_APPROVAL in client.get(meeting_url(meeting)).content.decode()  # not "being prepared" forever

    services.agenda_submit(meeting=meeting, user=people.manager)
    approve(meeting, people, django_capture_on_commit_callbacks)
    assert services.invitation_packs_build(meeting_id=meeting.pk, sequence=1) == []  # a late, superseded booking
    assert set(meeting.invitation_packs.values_list("sequence", flat=True)) == {2}


def test_cancelling_an_approved_meeting_keeps_its_pack_current(
    client, people, working_group, django_capture_on_commit_callbacks
):
    meeting = submitted_meeting(working_group, people)
    approve(meeting, people, django_capture_on_commit_callbacks)
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    meeting.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()  # the cancelling .ics moves the agenda's sequence on
    assert set(meeting.invitation_packs.values_list("sequence", flat=True)) == {meeting.agenda.sequence} == {2}
    assert "00-program.pdf" in download(client, people.guest, meeting)


def test_with_the_worker_down_the_pack_waits_in_the_queue(
    client, people, working_group, django_capture_on_commit_callbacks, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["outbox", "default"]},
    }
    meeting = submitted_meeting(working_group, people)
    signed_in(client, people.chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:agenda_action", args=[meeting.pk, "approve"]))
    assert response.status_code == 302
    booked = DBTaskResult.objects.get(task_path="events.tasks.build_invitation_packs")
    assert booked.args_kwargs["args"] == [meeting.pk, 1] and booked.queue_name == "default"
    assert PREPARING in client.get(meeting_url(meeting)).content.decode()

    # The worker runs what was booked (here in the test's own transaction: the real `db_worker` closes
    # database connections between tasks, which would end the test's transaction on PostgreSQL).
    build_invitation_packs.call(*booked.args_kwargs["args"])
    assert f'href="{pack_url(meeting)}"' in client.get(meeting_url(meeting)).content.decode()
    assert sorted(meeting.invitation_packs.values_list("levels", flat=True)) == [CORE, GUESTS]
