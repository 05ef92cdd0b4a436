"""`WAGTAIL_FINISH_WORKFLOW_ACTION`: what happens when the last task of a workflow approves. A module of
its own because Wagtail imports it while its own models load (so nothing is imported at the top)."""


def publish_approved_revision(workflow_state, user=None) -> None:
    """Publish the revision the last task approved. Pages keep Wagtail's way (the approver holds the
    page's publish permission); for our models the approving task (`groups.workflows`) has already
    checked who may approve, and the chair needs no admin model permission to publish."""
    from wagtail.models import Page
    from wagtail.workflows import publish_workflow_state

    if isinstance(workflow_state.content_object, Page):
        publish_workflow_state(workflow_state, user=user)
        return
    workflow_state.current_task_state.revision.publish(user=user, skip_permission_checks=True)
