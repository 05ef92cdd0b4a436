"""The one way a message leaves the portal: stored first, e-mailed by the background worker.

Apps say who gets what (`Message`: a kind, a template and its context, the page it links to,
attachments). This module renders it in the recipient's language, puts the in-app notification in
their stream, and stores one `OutboxMessage` per recipient in the caller's transaction, so a change
and the news of it are saved together or not at all. The worker (`deliver_due`, run as a django-tasks
task) sends what is due: a temporary failure (server down, a 4xx reply) is retried with backoff until
OUTBOX_GIVE_UP_SECONDS, a permanent one (bad address, 5xx) fails at once with its reason. Rows are
claimed before sending, so two workers never send the same one.
"""

import logging
import smtplib
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import OperationalError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.links import site_url
from portal.models import OutboxAttachment, OutboxMessage, User
from portal.services import notifications_create_many

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status

# A worker that died mid-send leaves its rows claimed; after this long they are tried again.
# Batches are small enough to be sent well within it even by a slow server (EMAIL_TIMEOUT each).
STALE_CLAIM = timedelta(minutes=15)
BATCH_SIZE = 20
LOCKED_RETRIES = 20
# Once a message is sent or cancelled its text goes: it may carry a live personal link (an RSVP or
# confirmation token), which the tables otherwise keep only as a hash.
NO_TEXT = {"body": "", "html_body": ""}


@dataclass
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass
class Message:
    """What one recipient gets. `path` is the page on this site the message is about (the in-app
    notification links there, the mail's `url`); the template gets `context`, `recipient` and `url`."""

    kind: str
    subject: str
    template: str
    context: dict = field(default_factory=dict)
    path: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    headers: dict = field(default_factory=dict)
    # Mail merge for a big mailing: messages with the same key differ only in the recipient's name and
    # the `personal` values (links with tokens), so the template is rendered once per key.
    merge_key: str | None = None
    personal: dict = field(default_factory=dict)


_mail_on = ContextVar("outbox_mail_on", default=True)


@contextmanager
def in_app_only():
    """For building demo content: people get their in-app notifications, nobody gets e-mail."""
    token = _mail_on.set(False)
    try:
        yield
    finally:
        _mail_on.reset(token)


def send_to_people(
    recipients: Iterable[User], build: Callable[[User], Message], *, about=None, language: str = "cs"
) -> int:
    """Each person's message, built and rendered in `language`: an in-app notification now, an e-mail
    queued. `about` is the page (a meeting) whose managers may see the deliveries. Returns how many."""
    merged: dict = {}
    with translation.override(language):
        built = [(person, build(person)) for person in recipients]
        notifications_create_many([(person, m.kind, str(m.subject), m.path) for person, m in built])
        if _mail_on.get():
            _create_many(
                [
                    _rendered(m, person.email, recipient=person, language=language, about=about, merged=merged)
                    for person, m in built
                ]
            )
    wake_worker_after_commit()
    return len(built)


def send_to_address(
    email: str, message: Message, *, language: str = "cs", about=None, wake_worker: bool = True
) -> OutboxMessage:
    """For someone who may have no account yet (an invitee, a newsletter subscriber). A mailing to
    many passes `wake_worker=False` and calls `wake_worker_after_commit()` once."""
    with translation.override(language):
        queued = _store(message, email, recipient=None, language=language, about=about)
    if wake_worker:
        wake_worker_after_commit()
    return queued


def send_rendered(
    *, kind: str, to_email: str, subject: str, body: str, html_body: str = "", headers=None, language: str = "cs"
) -> OutboxMessage:
    """For mail that another library has rendered already (allauth's account mail)."""
    recipient = User.objects.filter(email__iexact=to_email).first()
    queued = _create(
        kind=kind,
        to_email=to_email,
        subject=subject,
        body=body,
        html_body=html_body,
        headers=headers or {},
        recipient=recipient,
        language=language,
    )
    wake_worker_after_commit()
    return queued


def cancel_pending(*, kind: str, to_email: str) -> int:
    """Someone unsubscribed: what is still waiting for them is not sent."""
    return OutboxMessage.objects.filter(
        kind=kind, to_email__iexact=to_email, status__in=[Status.PENDING, Status.SENDING]
    ).update(status=Status.CANCELLED, last_error="", **NO_TEXT)


def resend(message: OutboxMessage) -> None:
    """An administrator sends a failed message again, with a fresh retry window."""
    now = timezone.now()
    message.status, message.next_attempt_at, message.give_up_at = Status.PENDING, now, now + _give_up_after()
    message.last_error = ""
    message.save(update_fields=["status", "next_attempt_at", "give_up_at", "last_error"])
    wake_worker_after_commit()


def _store(message: Message, email: str, *, recipient, language: str, about) -> OutboxMessage:
    return _create_many([_rendered(message, email, recipient=recipient, language=language, about=about)])[0]


def _rendered(
    message: Message, email: str, *, recipient, language: str, about, merged: dict | None = None
) -> tuple[dict, list[Attachment]]:
    """The row's fields and its attachments: the message as this recipient reads it."""
    body = _body(message, recipient, merged if message.merge_key is not None else None)
    fields = {
        "kind": message.kind,
        "to_email": email,
        "subject": str(message.subject),
        "body": body,
        "headers": message.headers,
        "recipient": recipient,
        "language": language,
        "about": about,
    }
    return fields, message.attachments


def _body(message: Message, recipient, merged: dict | None) -> str:
    context = {**message.context, "url": site_url(message.path)}
    if merged is None:
        return render_to_string(message.template, {**context, **message.personal, "recipient": recipient})
    key = (message.template, message.merge_key)
    if key not in merged:
        slots = {name: f"\x1f{name}\x1f" for name in [*message.personal, "recipient"]}
        merged[key] = render_to_string(message.template, {**context, **slots})
    body = merged[key].replace("\x1frecipient\x1f", str(recipient or ""))
    for name, value in message.personal.items():
        body = body.replace(f"\x1f{name}\x1f", str(value))
    return body


def _create(*, attachments: Iterable[Attachment] = (), **fields) -> OutboxMessage:
    return _create_many([(fields, list(attachments))])[0]


def _create_many(rendered: list[tuple[dict, list[Attachment]]]) -> list[OutboxMessage]:
    now = timezone.now()
    queued = OutboxMessage.objects.bulk_create(
        OutboxMessage(message_id=_new_message_id(), next_attempt_at=now, give_up_at=now + _give_up_after(), **fields)
        for fields, _attachments in rendered
    )
    stored: dict[int, OutboxAttachment] = {}  # one row per attachment object, shared by its messages
    for _fields, attachments in rendered:
        for a in attachments:
            if id(a) not in stored:
                stored[id(a)] = OutboxAttachment(filename=a.filename, mimetype=a.mimetype, content=a.content)
    OutboxAttachment.objects.bulk_create(stored.values())
    OutboxMessage.attachments.through.objects.bulk_create(
        OutboxMessage.attachments.through(outboxmessage_id=message.pk, outboxattachment_id=stored[id(a)].pk)
        for message, (_fields, attachments) in zip(queued, rendered, strict=True)
        for a in attachments
    )
    return queued


def _new_message_id() -> str:
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return f"<{uuid.uuid4().hex}@{host}>"


def _give_up_after() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_GIVE_UP_SECONDS)


def wake_worker_after_commit() -> None:
    """Wake the worker once the transaction commits (the rows are invisible to it before)."""
    from portal.tasks import deliver_outbox

    transaction.on_commit(deliver_outbox.enqueue, robust=True)


# --- Delivery (the worker's side) -----------------------------------------------------------------


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def due_messages(now=None):
    now = now or timezone.now()
    waiting = Q(status=Status.PENDING, next_attempt_at__lte=now)
    abandoned = Q(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    return OutboxMessage.objects.filter(waiting | abandoned).order_by("next_attempt_at", "pk")


def claim(batch_size: int) -> list[int]:
    """Take up to `batch_size` due messages for this worker; another worker skips them."""

    def take() -> list[int]:
        now = timezone.now()
        with transaction.atomic():
            due = due_messages(now).select_for_update(skip_locked=True)
            ids = list(due.values_list("pk", flat=True)[:batch_size])
            OutboxMessage.objects.filter(pk__in=ids).update(status=Status.SENDING, claimed_at=now)
        return ids

    return _retrying(take)


def _retrying(operation):
    """SQLite (the embedded default) answers "database is locked" when another process writes at that
    moment: wait and try again, so that a message sent is always recorded as sent."""
    for attempt in range(1, LOCKED_RETRIES + 1):
        try:
            return operation()
        except OperationalError:
            if attempt == LOCKED_RETRIES:
                raise
            time.sleep(0.05 * attempt)


def deliver_due(batch_size: int = BATCH_SIZE) -> DeliveryReport:
    """Send everything due, batch by batch over one connection each; then book the next wake-up."""
    report = DeliveryReport()
    while ids := claim(batch_size):
        if not _deliver_batch(ids, report):  # the server is unreachable: the rest waits for the next attempt
            break
    _book_next_run()
    return report


def _deliver_batch(ids: list[int], report: DeliveryReport) -> bool:
    """Send one claimed batch; False when the server could not be reached (nothing more to try now)."""
    messages = list(OutboxMessage.objects.filter(pk__in=ids).prefetch_related("attachments").order_by("pk"))
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        for message in messages:
            _retry_or_fail(message, error, report)
        return False
    try:
        for position, message in enumerate(messages):
            error = _send_one(connection, message)
            if error is None:
                _mark(message, Status.SENT, sent_at=timezone.now(), last_error="", **NO_TEXT)
                report.sent += 1
            elif _is_permanent(error):
                _mark(message, Status.FAILED, last_error=_describe(error))
                report.failed += 1
            elif _is_about_this_message(error):
                _retry_or_fail(message, error, report)  # greylisting, a full mailbox: the others go on
            else:
                for waiting in messages[position:]:  # the connection broke: the rest waits
                    _retry_or_fail(waiting, error, report)
                return False
    finally:
        with suppress(OSError, smtplib.SMTPException):
            connection.close()
    return True


def _send_one(connection, message: OutboxMessage) -> Exception | None:
    try:
        validate_email(message.to_email)
    except ValidationError:
        return ValueError(f"Invalid address: {message.to_email}")
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        to=[message.to_email],
        headers={**message.headers, "Message-ID": message.message_id},
        connection=connection,
    )
    if message.html_body:
        mail.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments.all():
        mail.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    try:
        mail.send()
    except (OSError, smtplib.SMTPException, ValueError) as error:
        return error
    return None


def _is_about_this_message(error: Exception) -> bool:
    """A reply about this recipient or this message (the server is fine), not a broken connection."""
    return isinstance(error, (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException)) and not isinstance(
        error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)
    )


def _is_permanent(error: Exception) -> bool:
    """5xx replies and malformed addresses will not get better by waiting; the rest may."""
    if isinstance(error, ValueError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _retry_or_fail(message: OutboxMessage, error: Exception, report: DeliveryReport) -> None:
    now = timezone.now()
    if now >= message.give_up_at:
        _mark(message, Status.FAILED, last_error=_describe(error))
        report.failed += 1
        return
    delay = min(settings.OUTBOX_RETRY_SECONDS * 2**message.attempts, settings.OUTBOX_RETRY_MAX_SECONDS)
    next_attempt = min(now + timedelta(seconds=delay), message.give_up_at)
    _mark(message, Status.PENDING, next_attempt_at=next_attempt, last_error=_describe(error))
    report.retrying += 1


def _mark(message: OutboxMessage, status: str, **fields) -> None:
    """The outcome of one attempt (every attempt counts, whatever its outcome). Only while it is still
    this worker's: an unsubscribe that cancelled it meanwhile wins."""
    _retrying(
        lambda: OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=status, attempts=message.attempts + 1, claimed_at=None, **fields
        )
    )


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _book_next_run() -> None:
    """Book the worker for the earliest retry, or for taking over what a dead worker had claimed, so
    that waiting mail goes out without anyone doing anything."""
    from portal.tasks import book_delivery

    retry = OutboxMessage.objects.filter(status=Status.PENDING).order_by("next_attempt_at")
    retry_at = retry.values_list("next_attempt_at", flat=True).first()
    claimed = OutboxMessage.objects.filter(status=Status.SENDING).order_by("claimed_at")
    claimed_at = claimed.values_list("claimed_at", flat=True).first()
    moments = [moment for moment in (retry_at, claimed_at and claimed_at + STALE_CLAIM) if moment is not None]
    if moments:
        book_delivery(max(min(moments), timezone.now()))
