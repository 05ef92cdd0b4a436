"""Progress updates and revisions of the plan in the Wagtail admin (`groups.approval_admin`): the chair's
"Awaiting your review" links here; they are written in the members' area."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from action_plan.models import PlanRevision, ProgressUpdate
from groups.approval_admin import approval_viewset

ProgressUpdateViewSet = approval_viewset(
    ProgressUpdate,
    icon="tasks",
    label=_("Progress updates"),
    help_text=_("The update is written in the members' area; here you see its history and approval."),
    field="measure",
    related=("measure__goal__concept__body",),
)


PlanRevisionViewSet = approval_viewset(
    PlanRevision,
    icon="list-ul",
    label=_("Revisions of the action plan"),
    help_text=_("The revision is prepared in the members' area; here you see its history and approval."),
    field="concept",
    related=("concept__body",),
)


def register() -> None:
    register_snippet(ProgressUpdateViewSet)
    register_snippet(PlanRevisionViewSet)
