"""Daily: remind owners of tasks due within three days or overdue, and members whose comment period
on circulated minutes ends tomorrow; send the managers the comments written since the last digest.
Safe to run more than once a day: nobody is reminded twice, and a comment goes in one digest."""

from django.core.management.base import BaseCommand

from events.services import reminders_send


class Command(BaseCommand):
    help = "Send the daily task and comment-deadline reminders and the managers' digest of new comments."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(
            f"Task reminders: {sent['tasks']}, comment-deadline reminders: {sent['deadlines']}, "
            f"comment digests: {sent['comments']}"
        )
