"""The approval of progress updates: the chair's approval task of the one engine, as for agendas."""

from django.db import migrations

from groups.workflow_setup import create_chair_approval_workflow


def create_workflow(apps, schema_editor):
    create_chair_approval_workflow(apps, "action_plan", "ProgressUpdate", "Schválení zprávy o plnění opatření")


class Migration(migrations.Migration):
    dependencies = [
        ("action_plan", "0001_initial"),
        ("groups", "0005_comment_period_reminder"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
