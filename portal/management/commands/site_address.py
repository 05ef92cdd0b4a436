"""Point the default site at SITE_BASE_URL's host and port (`make run` calls it before serving, so a
`PORT=8100 make run` writes links with port 8100 in the sitemap, pages and e-mails)."""

from django.core.management.base import BaseCommand

from portal.services import site_address_sync


class Command(BaseCommand):
    help = "Set the default site's host and port from SITE_BASE_URL."

    def handle(self, *args, **options):
        site = site_address_sync()
        self.stdout.write(f"Site address: {site.root_url}")
