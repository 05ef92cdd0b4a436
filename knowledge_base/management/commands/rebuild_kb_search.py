"""`manage.py rebuild_kb_search`: rebuild the public search index from the live pages."""

from django.core.management.base import BaseCommand

from knowledge_base.search import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the knowledge base's public search index from the live pages."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {search_index_rebuild()} pages.")
