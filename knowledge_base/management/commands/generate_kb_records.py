"""`manage.py generate_kb_records N`: synthetic good-practice records for benchmarks (marked as such)."""

from django.core.management.base import BaseCommand

from knowledge_base import generator


class Command(BaseCommand):
    help = "Append N synthetic, clearly marked good-practice records; --delete removes them all."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=0)
        parser.add_argument("--delete", action="store_true", help="Remove every synthetic record first.")

    def handle(self, *args, count: int = 0, delete: bool = False, **options):
        if delete:
            self.stdout.write(f"Removed {generator.delete_records()} synthetic pages.")
        if count:
            generator.generate_records(count)
            self.stdout.write(self.style.SUCCESS(f"Generated {count} synthetic good-practice records."))
