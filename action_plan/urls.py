from django.urls import path
from django.utils.translation import gettext_lazy as _

from action_plan import views

app_name = "action_plan"
urlpatterns = [
    path(_("action-plan/evidence/<int:evidence_id>/"), views.evidence_document, name="evidence_document"),
    path(_("members/action-plan/"), views.plan, name="plan"),
    path(_("members/action-plan/<int:concept_id>/import/"), views.plan_import, name="plan_import"),
    path(_("members/action-plan/import-template/"), views.import_template, name="import_template"),
    path(
        _("members/action-plan/<int:concept_id>/report/<int:year>.<str:format>"),
        views.fulfilment_report,
        name="fulfilment_report",
    ),
    path(_("members/action-plan/<int:concept_id>/revisions/"), views.revisions, name="revisions"),
    path(_("members/action-plan/revisions/<int:revision_id>/"), views.revision, name="revision"),
    path(
        _("members/action-plan/revisions/<int:revision_id>/<str:action>/"),
        views.revision_action,
        name="revision_action",
    ),
    path(_("members/action-plan/changes/<int:change_id>/remove/"), views.change_remove, name="change_remove"),
    path(_("members/action-plan/measures/<int:measure_id>/"), views.measure, name="measure"),
    path(_("members/action-plan/measures/<int:measure_id>/new-update/"), views.update_new, name="update_new"),
    path(_("members/action-plan/measures/<int:measure_id>/links/"), views.link_add, name="link_add"),
    path(_("members/action-plan/measures/<int:measure_id>/details/"), views.measure_details, name="measure_details"),
    path(_("members/action-plan/links/<int:link_id>/remove/"), views.link_remove, name="link_remove"),
    path(_("members/action-plan/updates/<int:update_id>/"), views.update, name="update"),
    path(_("members/action-plan/updates/<int:update_id>/edit/"), views.update_edit, name="update_edit"),
    path(_("members/action-plan/updates/<int:update_id>/<str:action>/"), views.update_action, name="update_action"),
]
