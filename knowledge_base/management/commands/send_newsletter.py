"""`manage.py send_newsletter --subject ... --text-file ...`: mail confirmed subscribers, each with
a personal unsubscribe link (see knowledge_base.services.newsletter_send)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from knowledge_base.services import newsletter_send
from portal.links import site_url


class Command(BaseCommand):
    help = "Send a newsletter (plain text) to every confirmed subscriber."

    def add_arguments(self, parser):
        parser.add_argument("--subject", required=True)
        parser.add_argument("--text-file", required=True, type=Path)

    def handle(self, *args, subject: str, text_file: Path, **options):
        def build_url(name: str, token: str, language: str) -> str:
            with translation.override(language):
                return site_url(reverse(name, args=[token]))

        text = Path(text_file).read_text(encoding="utf-8")
        sent = newsletter_send(subject=subject, text=text, build_url=build_url)
        self.stdout.write(self.style.SUCCESS(f"Sent to {sent} confirmed subscribers."))
