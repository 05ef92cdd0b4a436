"""The approval of action-plan revisions: the chair's approval task of the one engine."""

from django.db import migrations

from groups.workflow_setup import create_chair_approval_workflow


def create_workflow(apps, schema_editor):
    create_chair_approval_workflow(apps, "action_plan", "PlanRevision", "Schválení revize akčního plánu")


class Migration(migrations.Migration):
    dependencies = [("action_plan", "0004_plan_revisions")]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
