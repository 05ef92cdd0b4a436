"""The approval of action-plan revisions: the chair's approval task of the one engine."""

from django.db import migrations


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    chair = apps.get_model("groups", "ChairApprovalTask").objects.first()
    revision_type = ContentType.objects.get_for_model(apps.get_model("action_plan", "PlanRevision"))
    if chair is None or WorkflowContentType.objects.filter(content_type=revision_type).exists():
        return
    workflow = Workflow.objects.create(name="Schválení revize akčního plánu", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=chair, sort_order=0)
    WorkflowContentType.objects.create(workflow=workflow, content_type=revision_type)


class Migration(migrations.Migration):
    dependencies = [("action_plan", "0004_plan_revisions")]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
