"""A real SMTP server on loopback for tests and the benchmark (aiosmtpd), that can be stopped,
started again on the same port, and told to answer with a temporary or permanent error."""

import email
import email.message

from aiosmtpd.controller import Controller

from tests.ports import free_port


class RecordingHandler:
    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.reply_to_data: str | None = None  # e.g. "451 Try later" for every message
        self.refused_recipients: dict[str, str] = {}  # address -> reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused_recipients:
            return self.refused_recipients[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reply_to_data:
            return self.reply_to_data
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[email.message.Message]:
        return self.handler.messages

    def start(self) -> "SmtpServer":
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def django_settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
        }

    @staticmethod
    def text_of(message: email.message.Message) -> str:
        part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
