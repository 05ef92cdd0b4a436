"""Writes of the knowledge base: newsletter sign-up with double opt-in, confirmation, unsubscribing,
and sending a mailing (always with a personal unsubscribe link)."""

import datetime
from collections.abc import Callable
from enum import Enum

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from knowledge_base.models import Mailing, Subscriber
from portal import outbox

CONFIRM_SALT = "knowledge_base.newsletter.confirm"
UNSUBSCRIBE_SALT = "knowledge_base.newsletter.unsubscribe"
CONFIRM_MAX_AGE = datetime.timedelta(days=3)
# One confirmation mail per address per quarter hour, at most five in all: a form resubmitted in a
# loop, or someone entering a victim's address again and again, cannot turn us into a mail cannon.
RESEND_INTERVAL = datetime.timedelta(minutes=15)
MAX_CONFIRMATIONS = 5
SIGNUPS_PER_HOUR_PER_CLIENT = 10

CONFIRMATION_KIND = "knowledge_base.newsletter_confirmation"
NEWSLETTER_KIND = "knowledge_base.newsletter"

UrlBuilder = Callable[[str, str, str], str]  # (url name, token, language) -> absolute URL


class SignUpOutcome(Enum):
    CONFIRMATION_SENT = "sent"
    NOTHING_SENT = "quiet"  # already confirmed, or a confirmation went out recently
    RATE_LIMITED = "limited"


class TokenError(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def confirmation_token(email: str) -> str:
    return signing.dumps(email, salt=CONFIRM_SALT)


def unsubscribe_token(email: str) -> str:
    # No expiry: an unsubscribe link in a years-old mailing must still work.
    return signing.dumps(email, salt=UNSUBSCRIBE_SALT)


def _email_from(token: str, *, salt: str, max_age: datetime.timedelta | None) -> str:
    try:
        return signing.loads(token[:500], salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenError(expired=True) from error
    except signing.BadSignature as error:
        raise TokenError(expired=False) from error


def client_rate_limited(client_key: str) -> bool:
    key = f"newsletter-signup:{client_key}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > SIGNUPS_PER_HOUR_PER_CLIENT


@transaction.atomic
def subscriber_sign_up(
    *, email: str, language: str, consent_text: str, client_key: str, build_url: UrlBuilder
) -> SignUpOutcome:
    """Record the wish to subscribe and send the confirmation link. The caller shows the same
    message whatever the outcome (except the rate limit), so nobody learns who subscribes."""
    if client_rate_limited(client_key):
        return SignUpOutcome.RATE_LIMITED
    email = email.strip().lower()
    now = timezone.now()
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
        email=email, defaults={"language": language, "consent_text": consent_text}
    )
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return SignUpOutcome.NOTHING_SENT
    recently = subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < RESEND_INTERVAL
    if recently or subscriber.confirmations_sent >= MAX_CONFIRMATIONS:
        return SignUpOutcome.NOTHING_SENT
    subscriber.status = Subscriber.Status.PENDING
    subscriber.language, subscriber.consent_text = language, consent_text
    subscriber.confirmation_sent_at = now
    subscriber.confirmations_sent += 1
    subscriber.save()
    link = build_url("newsletter_confirm", confirmation_token(email), language)
    _send_confirmation(email, language, link)
    return SignUpOutcome.CONFIRMATION_SENT


def _send_confirmation(email: str, language: str, link: str) -> None:
    context = {"link": link, "days": CONFIRM_MAX_AGE.days}
    with translation.override(language):
        subject = render_to_string("knowledge_base/email/confirm_subject.txt", context).strip()
    message = outbox.Message(
        kind=CONFIRMATION_KIND, subject=subject, template="knowledge_base/email/confirm_body.txt", context=context
    )
    outbox.send_to_address(email, message, language=language)


@transaction.atomic
def subscriber_confirm(*, token: str) -> Subscriber:
    """Confirm the subscription the signed link names; raises TokenError for a bad or old link."""
    email = _email_from(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        raise TokenError(expired=False)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, token: str) -> Subscriber | None:
    """Stop sending to the address the link names; unknown addresses are not an error."""
    email = _email_from(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        outbox.cancel_pending(kind=NEWSLETTER_KIND, to_email=email)  # a mailing not yet delivered stays away
    return subscriber


@transaction.atomic
def newsletter_send(*, subject: str, text: str, build_url: UrlBuilder) -> tuple[Mailing, int]:
    """Queue one mailing to every confirmed subscriber, each with a personal unsubscribe link (in the
    text and as a one-click List-Unsubscribe header). The mailing is a record: asked again with the
    same subject and text it queues nothing more, and the worker goes on where it stopped.
    Returns the mailing and how many deliveries this call queued."""
    mailing, created = Mailing.objects.select_for_update().get_or_create(
        fingerprint=Mailing.fingerprint_of(subject, text), defaults={"subject": subject, "text": text}
    )
    if not created:
        return mailing, 0
    queued = 0
    for subscriber in Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).iterator():
        link = build_url("newsletter_unsubscribe", unsubscribe_token(subscriber.email), subscriber.language)
        message = outbox.Message(
            kind=NEWSLETTER_KIND,
            subject=subject,
            template="knowledge_base/email/newsletter_body.txt",
            context={"text": text, "unsubscribe": link},
            headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        outbox.send_to_address(subscriber.email, message, language=subscriber.language, wake_worker=False)
        queued += 1
    outbox.wake_worker_after_commit()
    return mailing, queued
