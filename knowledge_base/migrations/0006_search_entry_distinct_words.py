"""The search matches terms against each entry's distinct words rather than its whole folded text
(`knowledge_base.text.folded_words`): the same matches, a third or more less text to read."""

import re

from django.db import migrations

WORD = re.compile(r"\w+")
BATCH = 500


def keep_distinct_words(apps, schema_editor):
    SearchEntry = apps.get_model("knowledge_base", "SearchEntry")
    entries = SearchEntry.objects.only("text_folded").order_by("pk")
    batch = []
    for entry in entries.iterator(chunk_size=BATCH):
        entry.text_folded = " ".join(dict.fromkeys(WORD.findall(entry.text_folded)))  # already folded
        batch.append(entry)
        if len(batch) == BATCH:
            SearchEntry.objects.bulk_update(batch, ["text_folded"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["text_folded"])


class Migration(migrations.Migration):
    dependencies = [("knowledge_base", "0005_search_trigram_index")]

    operations = [migrations.RunPython(keep_distinct_words, migrations.RunPython.noop)]
