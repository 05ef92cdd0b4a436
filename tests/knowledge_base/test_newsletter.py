"""Newsletter: double opt-in with signed links, unsubscribe in every mailing, no mail storms, CSV export."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone, translation

from knowledge_base import services
from knowledge_base.models import Subscriber

pytestmark = pytest.mark.django_db
CONSENT = "on"


def sign_up(client, email="novy.odberatel@example.org", **extra):
    return client.post(
        "/zpravodaj/", {"email": email, "consent": CONSENT, **extra}, follow=True, REMOTE_ADDR="10.0.0.1"
    )


def link_in(message, name: str) -> str:
    return re.search(rf"http://\S+/{name}/\S+/", message.body).group(0)


def test_double_opt_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email="Novy.Odberatel@Example.org")
    assert "poslali jsme na ni odkaz" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "novy.odberatel@example.org"
    assert subscriber.status == Subscriber.Status.PENDING and "Souhlasím" in subscriber.consent_text
    (message,) = mail.outbox
    link = link_in(message, "zpravodaj/potvrzeni")
    path = link.split("testserver")[-1] if "testserver" in link else re.sub(r"^http://[^/]+", "", link)
    assert client.get(path).status_code == 200  # a mail scanner opening the link changes nothing
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    response = client.post(path, follow=True)
    assert "Odběr je potvrzen" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_invalid_address_gets_a_czech_field_error_and_keeps_the_input(client):
    response = client.post("/zpravodaj/", {"email": "neni-to-email", "consent": CONSENT})
    html = response.content.decode()
    assert response.status_code == 200 and "Neplatný e-mail." in html
    assert 'value="neni-to-email"' in html and not Subscriber.objects.exists()
    response = client.post("/zpravodaj/", {"email": "a@example.org"})
    assert "Bez vašeho souhlasu" in response.content.decode()


def test_invalid_address_in_english(client):
    response = client.post("/en/newsletter/", {"email": "nope", "consent": CONSENT})
    assert "Invalid e-mail address." in response.content.decode()


def test_second_sign_up_sends_no_second_mail(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
        second = sign_up(client)
    assert len(mail.outbox) == 1 and Subscriber.objects.count() == 1
    assert "poslali jsme na ni odkaz" in second.content.decode()  # the same answer: no enumeration
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    assert len(mail.outbox) == 2  # a later retry is allowed
    Subscriber.objects.update(status=Subscriber.Status.CONFIRMED, confirmation_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    assert len(mail.outbox) == 2  # confirmed addresses get nothing


def test_many_sign_ups_from_one_client_are_rate_limited(client):
    for number in range(services.SIGNUPS_PER_HOUR_PER_CLIENT):
        sign_up(client, email=f"odberatel{number}@example.org")
    response = client.post("/zpravodaj/", {"email": "dalsi@example.org", "consent": CONSENT}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "příliš mnoho přihlášek" in response.content.decode()


@pytest.mark.parametrize("tamper", ["prefix", "expired", "garbage", "wrong-salt"])
def test_bad_confirmation_links_give_a_clear_message(client, tamper):
    Subscriber.objects.create(email="a@example.org", consent_text="x")
    token = services.confirmation_token("a@example.org")
    if tamper == "prefix":
        token = "b" + token[1:]
    elif tamper == "garbage":
        token = "'; DROP TABLE x; --<script>" + "x" * 600
    elif tamper == "wrong-salt":
        token = services.unsubscribe_token("a@example.org")
    elif tamper == "expired":
        old = timezone.now() - services.CONFIRM_MAX_AGE - timedelta(minutes=1)
        signer = signing.TimestampSigner(salt=services.CONFIRM_SALT)
        signer.timestamp = lambda: signing.b62_encode(int(old.timestamp()))
        token = signer.sign_object("a@example.org")
    with translation.override("cs"):
        path = reverse("newsletter_confirm", args=[token.replace("/", "_")])
    response = client.post(path, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    expected = "vypršela" if tamper == "expired" else "není platný"
    assert expected in html
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_every_mailing_carries_a_working_unsubscribe_link(client, django_capture_on_commit_callbacks):
    Subscriber.objects.create(email="ano@example.org", consent_text="x", status=Subscriber.Status.CONFIRMED)
    Subscriber.objects.create(email="ceka@example.org", consent_text="x")
    Subscriber.objects.create(email="odhlasen@example.org", consent_text="x", status=Subscriber.Status.UNSUBSCRIBED)

    def build(name, token, language):
        with translation.override(language):
            return "http://testserver" + reverse(name, args=[token])

    with django_capture_on_commit_callbacks(execute=True):
        _mailing, queued = services.newsletter_send(
            subject="Novinky", text="Nová dobrá praxe z Liberce.", build_url=build
        )
    assert queued == 1
    (message,) = mail.outbox
    assert message.to == ["ano@example.org"] and "Nová dobrá praxe" in message.body
    link = link_in(message, "zpravodaj/odhlaseni")
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    # One-click unsubscribe from the mail client: a POST without a CSRF token.
    csrf_client = client_class_with_csrf()
    response = csrf_client.post(link.replace("http://testserver", ""), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    assert Subscriber.objects.get(email="ano@example.org").status == Subscriber.Status.UNSUBSCRIBED
    assert client.post("/zpravodaj/odhlaseni/nesmysl/", follow=True).status_code == 200


def client_class_with_csrf():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_editors_export_only_confirmed_subscribers_as_csv(client, signed_in_editor):
    Subscriber.objects.create(email="potvrzeny@example.org", consent_text="x", status=Subscriber.Status.CONFIRMED)
    Subscriber.objects.create(email="cekajici@example.org", consent_text="x")
    response = client.get("/admin/newsletter_subscribers/?export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "potvrzeny@example.org" in body and "cekajici@example.org" not in body
    assert client.get("/admin/newsletter_subscribers/new/").status_code in (302, 403)


def test_the_public_cannot_reach_the_export(client, member):
    assert client.get("/admin/newsletter_subscribers/?export=csv").status_code == 302
    client.force_login(member)
    assert client.get("/admin/newsletter_subscribers/?export=csv").status_code in (302, 403)


def test_send_newsletter_command(tmp_path, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    Subscriber.objects.create(email="ano@example.org", consent_text="x", status=Subscriber.Status.CONFIRMED)
    text = tmp_path / "zpravodaj.txt"
    text.write_text("Nové příklady dobré praxe.", encoding="utf-8")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_newsletter", subject="Zpravodaj", text_file=str(text), stdout=out)
    assert "Queued for 1" in out.getvalue()
    assert "/zpravodaj/odhlaseni/" in mail.outbox[0].body
    # Run again (say, after it was interrupted): nothing is queued twice.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_newsletter", subject="Zpravodaj", text_file=str(text), stdout=out)
    assert "queued before" in out.getvalue() and len(mail.outbox) == 1


def test_behind_the_proxy_each_visitor_has_their_own_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for number in range(services.SIGNUPS_PER_HOUR_PER_CLIENT):
        client.post(
            "/zpravodaj/",
            {"email": f"proxy{number}@example.org", "consent": CONSENT},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    other_visitor = client.post(
        "/zpravodaj/",
        {"email": "jiny@example.org", "consent": CONSENT},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other_visitor.status_code != 429
