"""What changes the action plan: progress updates drafted, submitted, approved or returned.

The approval runs on the one engine (`groups.workflows`, the chair's approval task); the `*_on_*`
functions tell people what happened, through the outbox, whichever screen took the step (the members'
area or the admin). `action_plan.receivers` registers them with `portal.workflow_mail`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plan import permissions
from action_plan.models import (
    ChangeKind,
    Evidence,
    Goal,
    IndicatorValue,
    Measure,
    MeasureLink,
    PlanChange,
    PlanRevision,
    ProgressUpdate,
)
from groups import permissions as groups_permissions
from groups import workflows
from groups.models import Membership, Role
from portal import outbox
from portal.links import czech_path
from portal.models import User

NO_WORKFLOW = gettext_lazy("No approval workflow is set up for progress updates; ask an administrator.")
NOT_RESPONSIBLE = gettext_lazy(
    "You can report only on measures your organisation is responsible for. If it should be, ask the "
    "working group's manager to correct the action plan."
)


@dataclass
class UpdateContent:
    """An update as its form gives it: the fields, the indicator values and the evidence links."""

    fields: dict
    values: list[dict] = field(default_factory=list)  # {"indicator", "value", "date", "source", "note"}
    evidence: list[dict] = field(default_factory=list)  # {"title", "url", "file": an upload or a kept name}


def _apply(update: ProgressUpdate, content: UpdateContent) -> None:
    for name, value in content.fields.items():
        setattr(update, name, value)
    indicators = {indicator.pk for indicator in update.measure.reportable_indicators()}
    if any(row["indicator"].pk not in indicators for row in content.values):
        raise ValidationError(_("A value was given for an indicator of another measure."))
    update.values = [IndicatorValue(**row) for row in content.values]
    update.evidence = [Evidence(**{**row, "file": _stored(row.get("file"))}) for row in content.evidence]


def _stored(upload) -> str:
    """A newly attached document is stored at once (a revision holds only its name); a kept one is a name."""
    if not upload or isinstance(upload, str):
        return upload or ""
    field = Evidence._meta.get_field("file")
    return field.storage.save(field.generate_filename(None, upload.name), upload)


@transaction.atomic
def update_create(*, measure: Measure, user: User, content: UpdateContent) -> ProgressUpdate:
    """A new draft, reported for the one responsible organisation the author represents (or the one chosen)."""
    organisations = permissions.reporting_organisations_for(user, measure)
    chosen = content.fields.pop("organisation", None)
    if measure.retired_at is not None or not organisations:
        raise PermissionDenied(NOT_RESPONSIBLE)
    organisation_id = chosen.pk if chosen else min(organisations)
    if organisation_id not in organisations:
        raise PermissionDenied(NOT_RESPONSIBLE)
    update = ProgressUpdate(measure=measure, author=user, organisation_id=organisation_id, live=False)
    _apply(update, content)
    update.full_clean(exclude=["author"])
    update.save()
    update.save_revision(user=user, log_action=True)
    return update


@transaction.atomic
def update_save(*, update: ProgressUpdate, user: User, content: UpdateContent) -> ProgressUpdate:
    """Save the author's changes. A never-approved update is the row itself; an approved one keeps its
    approved row public and the change waits in a revision for the next approval."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if not permissions.can_edit_update(user, update):
        raise PermissionDenied(NOT_RESPONSIBLE)
    content.fields.pop("organisation", None)
    working = update.working_copy()
    _apply(working, content)
    working.full_clean(exclude=["author"])
    if not update.live:
        working.save()
    working.save_revision(user=user, log_action=True)
    return ProgressUpdate.objects.get(pk=update.pk)


@transaction.atomic
def update_submit(*, update: ProgressUpdate, user: User) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.workflow_in_progress:
        raise ValidationError(_("It is already waiting for approval."))
    if not permissions.can_edit_update(user, update):
        raise PermissionDenied(NOT_RESPONSIBLE)
    workflow = update.get_workflow()
    if workflow is None:
        raise ValidationError(NO_WORKFLOW)
    workflows.submit(update, user, workflow)
    return ProgressUpdate.objects.get(pk=update.pk)


@transaction.atomic
def update_approve(*, update: ProgressUpdate, user: User) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    workflows.act(update, user, workflows.APPROVE)
    return ProgressUpdate.objects.get(pk=update.pk)


@transaction.atomic
def update_return(*, update: ProgressUpdate, user: User, comment: str) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    workflows.act(update, user, workflows.RETURN, comment)
    return ProgressUpdate.objects.get(pk=update.pk)


# --- What people hear --------------------------------------------------------------------------


def _update_path(update: ProgressUpdate) -> str:
    return czech_path("action_plan:update", update_id=update.pk)


def _tell(people, update: ProgressUpdate, *, kind: str, subject: str, template: str, **context) -> None:
    outbox.send_to_people(
        people,
        lambda person: outbox.Message(
            kind=kind,
            subject=subject,
            template=template,
            context={"update": update, "measure": update.measure, **context},
            path=_update_path(update),
        ),
    )


def _author_and_managers(update: ProgressUpdate) -> list[User]:
    """The author, and the monitoring body's managers (they follow every update)."""
    managers = Membership.objects.active().filter(body=update.approval_body, role=Role.MANAGER)
    people = {person.pk: person for person in User.objects.filter(pk__in=managers.values("person_id"))}
    if update.author_id and update.author.is_active:
        people[update.author_id] = update.author
    return list(people.values())


def update_on_submitted(update: ProgressUpdate, task_state, user: User) -> None:
    approvers = User.objects.filter(pk__in=groups_permissions.approver_ids(update.approval_body), is_active=True)
    _tell(
        approvers,
        update,
        kind="action_plan.update_submitted",
        subject=_("Progress update for approval: %(measure)s") % {"measure": update.measure},
        template="action_plan/email/update_submitted.txt",
        submitter=user,
    )


def update_on_returned(update: ProgressUpdate, workflow_state, user: User, comment: str) -> None:
    _tell(
        _author_and_managers(update),
        update,
        kind="action_plan.update_returned",
        subject=_("Progress update returned: %(measure)s") % {"measure": update.measure},
        template="action_plan/email/update_returned.txt",
        comment=comment,
    )


def update_on_approved(update: ProgressUpdate, workflow_state, user: User) -> None:
    _tell(
        _author_and_managers(update),
        update,
        kind="action_plan.update_approved",
        subject=_("Progress update approved: %(measure)s") % {"measure": update.measure},
        template="action_plan/email/update_approved.txt",
    )


# --- Links to the monitoring body's meetings --------------------------------------------------------

LINK_TARGETS = ("agenda_item", "decision", "task")


def _meeting_of(target) -> object:
    return target.meeting if hasattr(target, "meeting") else target.minutes.meeting


@transaction.atomic
def link_add(*, measure: Measure, user: User, target) -> MeasureLink:
    """Cite the measure at an agenda item, a decision or a task of the monitoring body (or a body below
    it). The body's manager does it; a second citation of the same thing changes nothing."""
    concept = measure.goal.concept
    if not groups_permissions.can_manage(user, concept.body):
        raise PermissionDenied
    if not _meeting_of(target).path.startswith(concept.body.path):
        raise ValidationError(_("Only the meetings of the body that monitors the plan can cite its measures."))
    field_name = next(
        name for name in LINK_TARGETS if isinstance(target, MeasureLink._meta.get_field(name).related_model)
    )
    link, _created = MeasureLink.objects.get_or_create(
        measure=measure, **{field_name: target}, defaults={"added_by": user}
    )
    return link


@transaction.atomic
def link_remove(*, link: MeasureLink, user: User) -> None:
    if not groups_permissions.can_manage(user, link.measure.goal.concept.body):
        raise PermissionDenied
    link.delete()


# --- Revisions of the plan ---------------------------------------------------------------------------


def _require_manager(user: User, concept) -> None:
    if not groups_permissions.can_manage(user, concept.body):
        raise PermissionDenied


def _editable(revision: PlanRevision) -> PlanRevision:
    revision = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.live or revision.workflow_in_progress:
        raise ValidationError(_("An approved or submitted revision cannot be changed; start a new one."))
    return revision


@transaction.atomic
def revision_create(*, concept, user: User, title: str, reason: str = "") -> PlanRevision:
    _require_manager(user, concept)
    revision = PlanRevision.objects.create(concept=concept.plan, title=title, reason=reason, author=user, live=False)
    revision.save_revision(user=user, log_action=True)
    return revision


def _check_change(revision: PlanRevision, change: PlanChange) -> None:
    """The rules of one change, with messages on the form's fields."""
    concept = revision.concept
    others = revision.changes.exclude(pk=change.pk)
    if change.kind == ChangeKind.ADD:
        errors = {}
        if not change.code:
            errors["code"] = _("Give the new measure its code.")
        elif (
            Measure.objects.filter(goal__concept=concept, code=change.code).exists()
            or others.filter(kind=ChangeKind.ADD, code=change.code).exists()
        ):
            errors["code"] = _("The plan already has a measure with this code.")
        if not change.goal_number:
            errors["goal_number"] = _("Say under which goal it belongs.")
        elif not Goal.objects.filter(concept=concept, number=change.goal_number).exists() and not change.goal_title:
            errors["goal_title"] = _("There is no goal %(number)s yet: give its title.") % {
                "number": change.goal_number
            }
        if not change.title:
            errors["title"] = _("Give the measure a title.")
        if change.lead_organisation_id is None:
            errors["lead_organisation"] = _("A measure needs a responsible organisation.")
        if errors:
            raise ValidationError(errors)
    else:
        if change.measure is None or change.measure.goal.concept_id != concept.pk or change.measure.retired_at:
            raise ValidationError({"measure": _("Choose a measure of the plan in force.")})
        if others.filter(measure=change.measure).exists():
            raise ValidationError({"measure": _("This revision already changes that measure.")})
        if change.kind == ChangeKind.RETIRE and not change.reason.strip():
            raise ValidationError({"reason": _("Say why the measure is retired; the public reads it.")})
    if change.start_year and change.end_year and change.end_year < change.start_year:
        raise ValidationError({"end_year": _("The measure cannot end before it starts.")})


@transaction.atomic
def change_save(*, revision: PlanRevision, user: User, change: PlanChange) -> PlanChange:
    revision = _editable(revision)
    _require_manager(user, revision.concept)
    change.revision = revision
    _check_change(revision, change)
    change.save()
    revision.save_revision(user=user, log_action=True)
    return change


@transaction.atomic
def change_remove(*, change: PlanChange, user: User) -> None:
    revision = _editable(change.revision)
    _require_manager(user, revision.concept)
    change.delete()
    revision.save_revision(user=user, log_action=True)


@transaction.atomic
def revision_submit(*, revision: PlanRevision, user: User) -> PlanRevision:
    revision = _editable(revision)
    _require_manager(user, revision.concept)
    if not revision.changes.exists():
        raise ValidationError(_("The revision changes nothing yet."))
    workflow = revision.get_workflow()
    if workflow is None:
        raise ValidationError(NO_WORKFLOW)
    revision.save_revision(user=user)  # the changes as they stand are what the chair approves
    workflows.submit(revision, user, workflow)
    return PlanRevision.objects.get(pk=revision.pk)


@transaction.atomic
def revision_decide(*, revision: PlanRevision, user: User, approve: bool, comment: str = "") -> PlanRevision:
    revision = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    workflows.act(revision, user, workflows.APPROVE if approve else workflows.RETURN, comment)
    return PlanRevision.objects.get(pk=revision.pk)


def revision_apply(revision: PlanRevision) -> None:
    """What the chair approved takes effect: measures added (and their goals), changed, retired; each
    change keeps the measure's values from before."""
    revision = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.applied_at is not None:
        return
    today = timezone.localdate()
    for change in revision.changes.select_related("measure").order_by("pk"):
        if change.kind == ChangeKind.ADD:
            goal, _created = Goal.objects.get_or_create(
                concept=revision.concept, number=change.goal_number, defaults={"title": change.goal_title}
            )
            change.measure = Measure.objects.create(
                goal=goal, code=change.code, **{name: getattr(change, name) for name in PlanChange.FIELDS}
            )
        else:
            measure = change.measure
            change.before = {name: _plain(getattr(measure, name)) for name in PlanChange.FIELDS}
            change.before["lead_organisation"] = measure.lead_organisation.name  # shown as it was, by name
            if change.kind == ChangeKind.CHANGE:
                for name in PlanChange.FIELDS:
                    value = getattr(change, name)
                    if value not in (None, ""):
                        setattr(measure, name, value)
            else:
                measure.retired_at, measure.retired_reason = today, change.reason
            measure.save()
        change.save(update_fields=["measure", "before"])
    revision.applied_at = timezone.now()
    revision.save(update_fields=["applied_at"])


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def revision_on_submitted(revision: PlanRevision, task_state, user: User) -> None:
    approvers = User.objects.filter(pk__in=groups_permissions.approver_ids(revision.approval_body), is_active=True)
    _tell_about_revision(approvers, revision, "action_plan.revision_submitted",
                         _("Revision of the action plan for approval: %(title)s"))  # fmt: skip


def revision_on_returned(revision: PlanRevision, workflow_state, user: User, comment: str) -> None:
    managers = Membership.objects.active().filter(body=revision.approval_body, role=Role.MANAGER)
    people = User.objects.filter(pk__in=managers.values("person_id"))
    _tell_about_revision(people, revision, "action_plan.revision_returned",
                         _("Revision of the action plan returned: %(title)s"), comment=comment)  # fmt: skip


def revision_on_approved(revision: PlanRevision, workflow_state, user: User) -> None:
    revision_apply(revision)
    managers = Membership.objects.active().filter(body=revision.approval_body, role=Role.MANAGER)
    people = User.objects.filter(pk__in=managers.values("person_id"))
    _tell_about_revision(people, revision, "action_plan.revision_approved",
                         _("Revision of the action plan approved: %(title)s"))  # fmt: skip


def _tell_about_revision(people, revision: PlanRevision, kind: str, subject: str, **context) -> None:
    outbox.send_to_people(
        people,
        lambda person: outbox.Message(
            kind=kind,
            subject=subject % {"title": revision.title},
            template="action_plan/email/revision.txt",
            context={"revision": revision, "kind": kind, **context},
            path=czech_path("action_plan:revision", revision_id=revision.pk),
        ),
    )


# --- A measure's details -----------------------------------------------------------------------------


@transaction.atomic
def measure_details_save(*, measure: Measure, user: User, form, formsets) -> Measure:
    """The manager's upkeep of a measure's outputs, funding, inspiration, activities, indicators and links
    to higher strategies, all or nothing (the forms were checked by the caller)."""
    if not groups_permissions.can_manage(user, measure.goal.concept.body):
        raise PermissionDenied
    form.save()
    for formset in formsets:
        formset.save()
    return measure
