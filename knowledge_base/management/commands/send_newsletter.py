"""`manage.py send_newsletter --subject ... --text-file ...`: queue a mailing to confirmed subscribers,
each with a personal unsubscribe link (see knowledge_base.services.newsletter_send). Safe to run again."""

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
        mailing, queued = newsletter_send(subject=subject, text=text, build_url=build_url)
        if queued:
            self.stdout.write(self.style.SUCCESS(f"Queued for {queued} confirmed subscribers; the worker sends it."))
        else:
            self.stdout.write(f"Mailing “{mailing}” was queued before; the worker goes on where it stopped.")
