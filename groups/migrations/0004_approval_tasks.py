"""The approval engine's two tasks, shared by every workflow that needs them (groups/workflows.py)."""

from django.db import migrations


def create_tasks(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_name, name in (("ChairApprovalTask", "Schválení předsedou"), ("CommentPeriodTask", "Připomínky členů")):
        model = apps.get_model("groups", model_name)
        if not model.objects.exists():
            model.objects.create(name=name, active=True, content_type=ContentType.objects.get_for_model(model))


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0003_approval_task_types"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_tasks, migrations.RunPython.noop)]
