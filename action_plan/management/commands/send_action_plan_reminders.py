"""Daily: a week before the monitoring body's meeting, remind the responsible members of the progress
updates they owe and tell the managers which measures have gone unreported. Once per meeting."""

from django.core.management.base import BaseCommand

from action_plan.monitoring import reminders_send


class Command(BaseCommand):
    help = "Send the action plan's reminders before the monitoring meeting."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Members reminded: {sent['members']}, managers told of overdue measures: {sent['managers']}")
