"""Tell people about a meeting: an e-mail and an entry in their notification stream, after commit.

Messages are written in Czech, the language of the working group; links point at this site.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from portal.links import site_url
from portal.models import User
from portal.services import notification_create


@dataclass
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass
class Message:
    kind: str
    subject: str
    template: str
    context: dict
    path: str
    attachments: list[Attachment] = field(default_factory=list)


_mail_on = ContextVar("events_mail_on", default=True)


@contextmanager
def without_mail():
    """For building demo content: people get their in-app notifications, nobody gets e-mail."""
    token = _mail_on.set(False)
    try:
        yield
    finally:
        _mail_on.reset(token)


def send(recipients: Iterable[User], build: Callable[[User], Message]) -> int:
    """Build each recipient's message in Czech, notify them in the portal now (inside the transaction,
    so a rollback takes it back) and e-mail them once the transaction commits."""
    mails = []
    count = 0
    with translation.override("cs"):
        for recipient in recipients:
            message = build(recipient)
            notification_create(recipient=recipient, kind=message.kind, title=message.subject, url=message.path)
            body = render_to_string(
                message.template, {**message.context, "recipient": recipient, "url": site_url(message.path)}
            )
            mail = EmailMessage(subject=message.subject, body=body, to=[recipient.email])
            for attachment in message.attachments:
                mail.attach(attachment.filename, attachment.content, attachment.mimetype)
            mails.append(mail)
            count += 1
    if mails and _mail_on.get():
        transaction.on_commit(lambda: _deliver(mails))
    return count


def _deliver(mails: list[EmailMessage]) -> None:
    from django.core.mail import get_connection

    with get_connection() as connection:
        connection.send_messages(mails)
