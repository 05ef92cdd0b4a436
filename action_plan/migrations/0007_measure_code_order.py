"""Measures sort by their code's numbers (2.9 before 2.10), kept beside the code (`Measure.code_order`)."""

import re

from django.db import migrations, models


def fill(apps, schema_editor):
    Measure = apps.get_model("action_plan", "Measure")
    for measure in Measure.objects.only("code"):
        parts = re.split(r"(\d+)", measure.code)
        measure.code_order = "".join(part.zfill(10) if part.isdigit() else part.lower() for part in parts)
        measure.save(update_fields=["code_order"])


class Migration(migrations.Migration):
    dependencies = [("action_plan", "0006_evidence_documents")]

    operations = [
        migrations.AddField(
            model_name="measure",
            name="code_order",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="measure",
            options={
                "ordering": ["goal__number", "code_order"],
                "verbose_name": "measure",
                "verbose_name_plural": "measures",
            },
        ),
    ]
