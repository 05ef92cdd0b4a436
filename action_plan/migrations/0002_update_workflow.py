"""The approval of progress updates: the chair's approval task of the one engine, as for agendas."""

from django.db import migrations


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    chair = apps.get_model("groups", "ChairApprovalTask").objects.first()
    update_type = ContentType.objects.get_for_model(apps.get_model("action_plan", "ProgressUpdate"))
    if chair is None or WorkflowContentType.objects.filter(content_type=update_type).exists():
        return
    workflow = Workflow.objects.create(name="Schválení zprávy o plnění opatření", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=chair, sort_order=0)
    WorkflowContentType.objects.create(workflow=workflow, content_type=update_type)


class Migration(migrations.Migration):
    dependencies = [
        ("action_plan", "0001_initial"),
        ("groups", "0005_comment_period_reminder"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
