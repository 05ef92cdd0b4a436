"""Revisions of the plan: measures added, changed and retired as one change set that the chair approves;
the plan changes only then, and the public compares the new version with the previous one."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from action_plan import services
from action_plan.models import ChangeKind, Measure, PlanChange, PlanRevision, RevisionState
from groups import workflows
from tests.conftest import sign_in_fresh

pytestmark = pytest.mark.django_db


def _revision(plan):
    revision = services.revision_create(concept=plan.concept, user=plan.manager, title="Aktualizace 2026")
    add = PlanChange(
        kind=ChangeKind.ADD,
        goal_number=2,
        goal_title="Kontaktní místo",
        code="2.1",
        title="Pilotní sběr dat",
        lead_organisation=plan.responsible,
        planned_budget=Decimal(90000),
    )
    services.change_save(revision=revision, user=plan.manager, change=add)
    change = PlanChange(
        kind=ChangeKind.CHANGE, measure=plan.measure, title="Sociální bydlení v obecních i soukromých bytech"
    )
    services.change_save(revision=revision, user=plan.manager, change=change)
    return revision  # fmt: skip


def test_the_chair_approves_a_revision_and_the_plan_changes_then(client, plan):
    revision = _revision(plan)
    sign_in_fresh(client, plan.manager)
    client.post(reverse("action_plan:revision_action", args=[revision.pk, "submit"]))
    assert PlanRevision.objects.get(concept=plan.concept).state == RevisionState.SUBMITTED
    assert not Measure.objects.filter(goal__concept=plan.concept, code="2.1").exists()  # not before approval
    assert [s.workflow_state.object_id for s in workflows.awaiting(plan.chair)] == [str(revision.pk)]
    sign_in_fresh(client, plan.chair)
    client.post(reverse("action_plan:revision_action", args=[revision.pk, "approve"]))
    assert PlanRevision.objects.get(concept=plan.concept).state == RevisionState.APPROVED
    added = Measure.objects.get(goal__concept=plan.concept, code="2.1")
    assert added.goal.title == "Kontaktní místo" and added.planned_budget == Decimal(90000)
    plan.measure.refresh_from_db()
    assert plan.measure.title == "Sociální bydlení v obecních i soukromých bytech"
    client.logout()
    public = client.get(f"{plan.concept.url}revize/").content.decode()
    assert "Aktualizace 2026" in public and "Pilotní sběr dat" in public
    assert "<del>Sociální bydlení v obecních bytech</del>" in public  # before and after


def test_a_returned_revision_leaves_the_plan_as_it_was(plan):
    revision = services.revision_submit(revision=_revision(plan), user=plan.manager)
    services.revision_decide(revision=revision, user=plan.chair, approve=False, comment="Chybí zdůvodnění.")
    assert PlanRevision.objects.get(concept=plan.concept).state == RevisionState.RETURNED
    assert not Measure.objects.filter(goal__concept=plan.concept, code="2.1").exists()
    assert Measure.objects.get(pk=plan.measure.pk).title == "Sociální bydlení v obecních bytech"


def test_retiring_keeps_the_measure_and_its_updates_with_the_reason(client, plan):
    plan.approved()
    revision = services.revision_create(concept=plan.concept, user=plan.manager, title="Vyřazení")
    without_reason = PlanChange(kind=ChangeKind.RETIRE, measure=plan.measure)
    with pytest.raises(ValidationError):
        services.change_save(revision=revision, user=plan.manager, change=without_reason)
    retire = PlanChange(kind=ChangeKind.RETIRE, measure=plan.measure, reason="Sloučeno s 2.1.")
    services.change_save(revision=revision, user=plan.manager, change=retire)
    revision = services.revision_submit(revision=revision, user=plan.manager)
    services.revision_decide(revision=revision, user=plan.chair, approve=True)
    plan.measure.refresh_from_db()
    assert plan.measure.retired_at is not None and plan.measure.updates.count() == 1
    overview = client.get(plan.concept.url).content.decode()
    assert plan.measure.title not in overview  # the plan in force
    assert "Sloučeno s 2.1." in client.get(f"{plan.concept.url}revize/").content.decode()


def test_bad_changes_are_refused_with_a_reason(plan):
    revision = services.revision_create(concept=plan.concept, user=plan.manager, title="Chyby")
    lead = plan.responsible
    cases = [
        (PlanChange(kind=ChangeKind.ADD, goal_number=1, code="1.1", title="X", lead_organisation=lead), "code"),
        (PlanChange(kind=ChangeKind.ADD, goal_number=1, code="1.5", title="X"), "lead_organisation"),
        (PlanChange(kind=ChangeKind.ADD, goal_number=7, code="7.1", title="X", lead_organisation=lead), "goal_title"),
        (PlanChange(kind=ChangeKind.CHANGE), "measure"),
    ]
    for change, field in cases:
        with pytest.raises(ValidationError) as error:
            services.change_save(revision=revision, user=plan.manager, change=change)
        assert field in error.value.error_dict
    with pytest.raises(ValidationError):
        services.revision_submit(revision=revision, user=plan.manager)  # it changes nothing


@pytest.mark.parametrize("role", ["reporter", "chair", "guest"])
def test_only_the_manager_writes_a_revision(plan, role):
    with pytest.raises(PermissionDenied):
        services.revision_create(concept=plan.concept, user=getattr(plan, role), title="x")


@pytest.mark.parametrize("role", ["manager", "reporter", "other_member"])
def test_only_the_chair_approves_a_revision(client, plan, role):
    revision = services.revision_submit(revision=_revision(plan), user=plan.manager)
    sign_in_fresh(client, getattr(plan, role))
    response = client.post(reverse("action_plan:revision_action", args=[revision.pk, "approve"]))
    assert response.status_code == 403
    assert not Measure.objects.filter(goal__concept=plan.concept, code="2.1").exists()


def test_a_submitted_revision_cannot_be_changed(plan):
    revision = services.revision_submit(revision=_revision(plan), user=plan.manager)
    with pytest.raises(ValidationError):
        services.change_save(revision=revision, user=plan.manager,
                             change=PlanChange(kind=ChangeKind.RETIRE, measure=plan.measure, reason="x"))  # fmt: skip
