"""Who may do what with the action plan. Reporting rights come from the membership register: a person
reports on a measure for an organisation they represent in the monitoring body (or a body below it)
that is responsible for the measure. Approving is the chair's (`groups.workflows.may_approve`)."""

from action_plan.models import ConceptPage, Measure, PlanRevision, ProgressUpdate
from groups import permissions as groups_permissions
from groups.models import Membership
from groups.workflows import may_approve


def reporting_organisation_ids(user, concept: ConceptPage) -> set[int]:
    """The organisations `user` represents, as a participant, in the body monitoring the concept or
    in one below it. Read once per user and concept."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_action_plan_organisations", {})
    if concept.pk not in cache:
        cache[concept.pk] = set(
            Membership.objects.active()
            .filter(
                person=user,
                role__in=groups_permissions.PARTICIPANT_ROLES,
                body__path__startswith=concept.body.path,
            )
            .values_list("organisation_id", flat=True)
        )
    return cache[concept.pk]


def reporting_organisations_for(user, measure: Measure) -> set[int]:
    """Which of the measure's responsible organisations `user` may report for."""
    return reporting_organisation_ids(user, measure.goal.concept) & measure.responsible_organisation_ids()


def can_report_on(user, measure: Measure) -> bool:
    """Draft an update: a current measure, and the person represents one of its responsible organisations."""
    return measure.retired_at is None and bool(reporting_organisations_for(user, measure))


def can_edit_update(user, update: ProgressUpdate) -> bool:
    """Change and submit it: a reporter for the measure, while the chair does not have it."""
    return not update.workflow_in_progress and can_report_on(user, update.measure)


def can_approve_update(user, update: ProgressUpdate) -> bool:
    return update.workflow_in_progress and may_approve(user, update)


def can_follow_plan(user, concept: ConceptPage) -> bool:
    """See drafts and who owes what: the monitoring body's internal space."""
    return groups_permissions.can_view_internal(user, concept.body)


def can_edit_revision(user, revision: PlanRevision) -> bool:
    """The monitoring body's manager, until the revision is submitted or approved."""
    return groups_permissions.can_manage(user, revision.concept.body) and not (
        revision.live or revision.workflow_in_progress
    )


def can_approve_revision(user, revision: PlanRevision) -> bool:
    return revision.workflow_in_progress and may_approve(user, revision)
