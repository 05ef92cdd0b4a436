"""Meeting downloads (annexes, the invitation pack, the minutes PDF) leave as attachments the browser
neither renders nor sniffs, and no cache keeps them (portal/downloads.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events import services
from tests.events.conftest import add_item, approved_meeting, signed_in
from tests.events.test_minutes import held, run_through_approval  # noqa: F401

pytestmark = pytest.mark.django_db


def assert_hardened_download(response, filename_start: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{filename_start}')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"  # not the site's policy
    assert response["Cache-Control"] == "private, no-store"


def test_annex_is_a_hardened_private_attachment(client, people, meeting):
    item = add_item(meeting, people.manager, "Bod s přílohou")
    services._attach(item, [SimpleUploadedFile("podklad.pdf", b"%PDF-1.4 podklad")], people.manager)
    signed_in(client, people.member)
    response = client.get(reverse("events:document", args=[item.documents.get().pk]))
    assert_hardened_download(response, "podklad")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 podklad"


def test_invitation_pack_is_a_hardened_private_attachment(
    client, people, working_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the worker builds the pack after the approval
        meeting = approved_meeting(working_group, people)
    signed_in(client, people.member)
    response = client.get(reverse("events:invitation_pack", args=[meeting.pk]))
    assert_hardened_download(response, "pozvanka-")
    assert response["Content-Type"] == "application/zip"


def test_minutes_pdf_is_a_hardened_private_attachment(client, people, held):  # noqa: F811
    run_through_approval(client, held, people)
    signed_in(client, people.member)
    response = client.get(reverse("events:minutes_pdf", args=[held.pk]))
    assert_hardened_download(response, "zapis-")
    assert response["Content-Type"] == "application/pdf"
