"""Downloads leave as attachments the browser neither renders nor sniffs (portal/downloads.py), and
Wagtail documents are checked on upload (portal/forms.py, portal/uploads.py)."""

import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from portal.downloads import attachment_response, harden_download

pytestmark = pytest.mark.django_db

STRICT_POLICY = "default-src 'none'; sandbox"
HTML = b"<!DOCTYPE html><html><script>fetch('/clenove/').then(r => r.text())</script></html>"
Document = get_document_model()


def assert_hardened_download(response, *, private: bool) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == STRICT_POLICY  # not the site's policy
    assert ("no-store" in response.get("Cache-Control", "")) is private
    if private:
        assert response["Cache-Control"] == "private, no-store"


def document(title: str, name: str, content: bytes, collection=None):
    doc = Document(title=title, file=ContentFile(content, name=name))
    if collection is not None:
        doc.collection = collection
    doc.save()
    return doc


@pytest.fixture
def restricted_collection():
    collection = Collection.get_first_root_node().add_child(name="Interní podklady")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=BaseViewRestriction.LOGIN)
    return collection


@pytest.fixture
def two_factor_admin(client, staff_user):
    TOTP.activate(staff_user, generate_totp_secret())
    client.force_login(staff_user)
    return client


def test_helpers_make_any_response_a_hardened_attachment():
    response = attachment_response(b"%PDF-1.4", filename="zápis jednání.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''z%C3%A1pis%20jedn%C3%A1n%C3%AD.pdf"
    assert_hardened_download(response, private=True)
    inline = HttpResponse(b"x")
    inline["Content-Disposition"] = 'inline; filename="a.pdf"'
    assert harden_download(inline, private=False)["Content-Disposition"] == 'attachment; filename="a.pdf"'


def test_public_document_is_an_attachment_with_a_strict_policy(client):
    doc = document("Výroční zpráva", "vyrocni-zprava.pdf", b"%PDF-1.4 zprava")
    response = client.get(doc.url)
    assert_hardened_download(response, private=False)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 zprava"


def test_document_in_a_restricted_collection_is_private_and_its_sign_in_redirect_left_alone(
    client, staff_user, restricted_collection
):
    doc = document("Podklad", "podklad.pdf", b"%PDF-1.4 interni", restricted_collection)
    redirect = client.get(doc.url)
    assert redirect.status_code == 302 and "Content-Disposition" not in redirect
    assert redirect.get("Content-Security-Policy") != STRICT_POLICY
    TOTP.activate(staff_user, generate_totp_secret())
    client.force_login(staff_user)  # administrators read every collection
    assert_hardened_download(client.get(doc.url), private=True)


def test_restricted_document_served_without_an_account_is_private_too(client):
    # A password restriction from before shared passwords were switched off: the reader has no account,
    # so only the document's own privacy marks the response private.
    collection = Collection.get_first_root_node().add_child(name="Starší heslo")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.PASSWORD, password="stare-heslo"
    )
    doc = document("Podklad", "podklad.pdf", b"%PDF-1.4 interni", collection)
    session = client.session
    session[CollectionViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    assert_hardened_download(client.get(doc.url), private=True)


def test_html_stored_as_a_document_before_the_upload_check_still_cannot_run(client):
    doc = document("Stará příloha", "stara-priloha.pdf", HTML)
    assert_hardened_download(client.get(doc.url), private=False)


def test_admin_refuses_a_document_whose_content_is_not_its_extension(two_factor_admin):
    root = Collection.get_first_root_node()
    fake = SimpleUploadedFile("zprava.pdf", HTML)
    response = two_factor_admin.post(
        reverse("wagtaildocs:add"), {"title": "Zpráva", "file": fake, "collection": root.pk, "tags": ""}
    )
    assert response.status_code == 200
    assert "Obsah souboru „zprava.pdf“ neodpovídá jeho příponě .pdf." in response.content.decode()
    genuine = SimpleUploadedFile("zprava.pdf", b"%PDF-1.4 zprava")
    response = two_factor_admin.post(
        reverse("wagtaildocs:add"), {"title": "Zpráva", "file": genuine, "collection": root.pk, "tags": ""}
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="Zpráva").count() == 1


def test_admin_multiple_uploader_refuses_it_too(two_factor_admin):
    before = Document.objects.count()
    response = two_factor_admin.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": SimpleUploadedFile("x.docx", HTML)}
    )
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert "neodpovídá jeho příponě .docx" in answer["error_message"]
    assert Document.objects.count() == before
