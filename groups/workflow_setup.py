"""For data migrations: the workflow of a model that the chair approves, made of the one engine's
chair-approval task. Takes the migration's `apps`, so it works on the historical models."""


def create_chair_approval_workflow(apps, app_label: str, model_name: str, name: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    chair = apps.get_model("groups", "ChairApprovalTask").objects.first()
    content_type = ContentType.objects.get_for_model(apps.get_model(app_label, model_name))
    if chair is None or WorkflowContentType.objects.filter(content_type=content_type).exists():
        return
    workflow = Workflow.objects.create(name=name, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=chair, sort_order=0)
    WorkflowContentType.objects.create(workflow=workflow, content_type=content_type)
