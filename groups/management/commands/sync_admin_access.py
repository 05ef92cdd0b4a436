"""Daily: give or take admin access for terms that began or ended by the calendar, not by an edit."""

from django.core.management.base import BaseCommand

from groups.services import admin_access_sync_all


class Command(BaseCommand):
    help = "Resync chairs' and managers' admin groups with the memberships in force today (run daily)."

    def handle(self, *args, **options):
        count = admin_access_sync_all()
        self.stdout.write(f"Admin access checked for {count} people.")
