"""Progress updates on the one approval engine: drafted by the responsible organisation's member,
approved or returned by the chair of the monitoring body, public only once approved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from action_plan import services
from action_plan.models import ProgressUpdate, Status, UpdateState
from groups import workflows
from portal.models import Notification, OutboxMessage
from tests.conftest import sign_in_fresh

pytestmark = pytest.mark.django_db
CANARY = "KANARCI-KONCEPT-7731"


def _public(client, plan) -> str:
    overview = client.get(plan.concept.url).content.decode()
    measure = client.get(plan.concept.measure_url(plan.measure))
    assert measure.status_code == 200
    return overview + measure.content.decode()


def test_the_whole_round_a_member_submits_the_chair_returns_then_approves(client, plan):
    sign_in_fresh(client, plan.reporter)
    response = client.post(
        reverse("action_plan:update_new", args=[plan.measure.pk]), plan.form(narrative="První verze")
    )
    update = plan.measure.updates.get()
    assert response.url == reverse("action_plan:update", args=[update.pk])
    assert update.state == UpdateState.DRAFT and update.values.get().value == Decimal(222)
    client.post(reverse("action_plan:update_action", args=[update.pk, "submit"]))
    assert plan.measure.updates.get().state == UpdateState.SUBMITTED
    assert OutboxMessage.objects.filter(to_email=plan.chair.email, kind="action_plan.update_submitted").exists()

    sign_in_fresh(client, plan.chair)
    client.post(reverse("action_plan:update_action", args=[update.pk, "return"]), {"comment": "Doplňte zdroj."})
    update = plan.measure.updates.get()
    assert update.state == UpdateState.RETURNED and update.return_comment == "Doplňte zdroj."
    assert OutboxMessage.objects.filter(to_email=plan.reporter.email, kind="action_plan.update_returned").exists()

    sign_in_fresh(client, plan.reporter)
    page = client.get(reverse("action_plan:update", args=[update.pk])).content.decode()
    assert "Doplňte zdroj." in page
    client.post(
        reverse("action_plan:update_edit", args=[update.pk]), plan.form(narrative="Opravená verze", value="230")
    )
    client.post(reverse("action_plan:update_action", args=[update.pk, "submit"]))
    assert plan.measure.updates.get().state == UpdateState.SUBMITTED

    sign_in_fresh(client, plan.chair)
    client.post(reverse("action_plan:update_action", args=[update.pk, "approve"]))
    update = plan.measure.updates.get()
    assert update.state == UpdateState.APPROVED
    assert Notification.objects.filter(recipient=plan.reporter, kind="action_plan.update_approved").exists()
    client.logout()
    public = _public(client, plan)
    assert "Opravená verze" in public and "První verze" not in public
    assert "Plní se" in public and "230" in public


def test_nothing_unapproved_reaches_the_public_pages(client, plan):
    plan.draft(narrative=f"koncept {CANARY}", period=(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)))
    plan.submitted(narrative=f"předloženo {CANARY}", value=Decimal(999))
    public = _public(client, plan)
    assert CANARY not in public and "999" not in public
    assert "Zatím bez schválené zprávy" in public
    for path in (f"/hledat/?q={CANARY}", "/kanal/", "/sitemap.xml", f"{plan.concept.url}export/json/"):
        page = client.get(path).content.decode()  # the search page repeats the query itself
        assert f"koncept {CANARY}" not in page and f"předloženo {CANARY}" not in page


def test_a_change_to_an_approved_update_stays_private_until_approved_again(client, plan):
    update = plan.approved(narrative="Schválený text")
    sign_in_fresh(client, plan.reporter)
    client.post(reverse("action_plan:update_edit", args=[update.pk]), plan.form(narrative=f"Změna {CANARY}"))
    update = plan.measure.updates.get()
    assert update.state == UpdateState.CHANGED and update.narrative == "Schválený text"
    assert f"Změna {CANARY}" in client.get(reverse("action_plan:update", args=[update.pk])).content.decode()
    client.logout()
    public = _public(client, plan)
    assert "Schválený text" in public and CANARY not in public


@pytest.mark.parametrize("role", ["other_member", "guest", "outsider", "manager", "chair"])
def test_only_a_member_of_a_responsible_organisation_may_report(client, plan, role):
    sign_in_fresh(client, getattr(plan, role))
    response = client.post(reverse("action_plan:update_new", args=[plan.measure.pk]), plan.form())
    assert response.status_code == (404 if role == "outsider" else 403)
    assert not plan.measure.updates.exists()
    with pytest.raises(PermissionDenied):
        plan.draft(user=getattr(plan, role))


@pytest.mark.parametrize("role", ["reporter", "other_member", "manager", "guest"])
def test_nobody_but_the_chair_approves_or_returns(client, plan, role):
    update = plan.submitted()
    sign_in_fresh(client, getattr(plan, role))
    for action in ("approve", "return"):
        response = client.post(reverse("action_plan:update_action", args=[update.pk, action]), {"comment": "x"})
        assert response.status_code == 403
    assert plan.measure.updates.get().state == UpdateState.SUBMITTED
    with pytest.raises(PermissionDenied):
        workflows.act(update, getattr(plan, role), workflows.APPROVE)


def test_the_chairs_approval_needs_a_fresh_sign_in(client, plan):
    update = plan.submitted()
    client.force_login(plan.chair)
    response = client.post(reverse("action_plan:update_action", args=[update.pk, "approve"]))
    assert response.status_code == 302 and "reauthenticate" in response.url
    assert plan.measure.updates.get().state == UpdateState.SUBMITTED


def test_the_update_waits_in_the_chairs_single_queue(client, plan):
    update = plan.submitted()
    assert [state.workflow_state.object_id for state in workflows.awaiting(plan.chair)] == [str(update.pk)]
    assert workflows.awaiting(plan.manager) == []
    sign_in_fresh(client, plan.chair)
    dashboard = client.get(reverse("groups:dashboard")).content.decode()
    assert reverse("action_plan:update", args=[update.pk]) in dashboard


def test_outsiders_do_not_learn_that_an_update_exists(client, plan):
    update = plan.draft()
    sign_in_fresh(client, plan.outsider)
    assert client.get(reverse("action_plan:update", args=[update.pk])).status_code == 404
    assert client.get(reverse("action_plan:measure", args=[plan.measure.pk])).status_code == 404
    assert not ProgressUpdate.objects.visible_to(plan.outsider).filter(measure=plan.measure).exists()
    assert list(ProgressUpdate.objects.visible_to(plan.guest).filter(measure=plan.measure)) == [update]


def test_bad_input_gets_a_czech_message_and_saves_nothing(client, plan):
    sign_in_fresh(client, plan.reporter)
    url = reverse("action_plan:update_new", args=[plan.measure.pk])
    response = client.post(url, plan.form(value="hodně", evidence_url_0="https://example.org/zprava"))
    page = response.content.decode()
    assert response.status_code == 200 and "Zadejte číslo." in page
    assert "Napište, co odkaz nebo dokument obsahuje." in page
    assert "Hotovo podle plánu." in page  # what was typed is kept
    assert not plan.measure.updates.exists()
    plan.draft()
    response = client.post(url, plan.form())
    assert "Zpráva o plnění tohoto opatření za toto období už existuje." in response.content.decode()
    assert plan.measure.updates.count() == 1


def test_an_update_cannot_be_submitted_twice(plan):
    update = plan.submitted()
    with pytest.raises(ValidationError, match="čeká na schválení"):
        services.update_submit(update=update, user=plan.reporter)


def test_values_only_for_the_measures_own_indicators(plan):
    from tests.factories import IndicatorFactory

    foreign = IndicatorFactory()
    end = datetime.date(2026, 6, 30)
    content = services.UpdateContent(
        fields={
            "period_start": datetime.date(2026, 1, 1),
            "period_end": end,
            "status": Status.ON_TRACK,
            "narrative": "x",
        },
        values=[{"indicator": foreign, "value": Decimal(1), "date": end}],
    )
    with pytest.raises(ValidationError):
        services.update_create(measure=plan.measure, user=plan.reporter, content=content)
    assert not plan.measure.updates.exists()


def test_a_document_as_evidence_is_public_only_once_the_update_is_approved(client, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from action_plan.models import Evidence

    sign_in_fresh(client, plan.reporter)
    pdf = SimpleUploadedFile("zprava.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    form = plan.form(evidence_title_0="Zpráva odboru za pololetí", evidence_file_0=pdf)
    client.post(reverse("action_plan:update_new", args=[plan.measure.pk]), form)
    evidence = Evidence.objects.get(update__measure=plan.measure)
    url = reverse("action_plan:evidence_document", args=[evidence.pk])
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404
    update = plan.measure.updates.get()
    services.update_approve(update=services.update_submit(update=update, user=plan.reporter), user=plan.chair)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "Zpráva odboru za pololetí" in client.get(plan.concept.measure_url(plan.measure)).content.decode()


def test_a_disguised_document_is_refused_with_a_czech_message(client, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in_fresh(client, plan.reporter)
    fake = SimpleUploadedFile("zprava.pdf", b"<html><script>alert(1)</script></html>")
    form = plan.form(evidence_title_0="Zpráva", evidence_file_0=fake)
    page = client.post(reverse("action_plan:update_new", args=[plan.measure.pk]), form).content.decode()
    assert "neodpovídá jeho příponě" in page and not plan.measure.updates.exists()


def test_an_edit_cannot_adopt_another_updates_document(client, plan):
    from action_plan.models import Evidence

    update = plan.draft()
    sign_in_fresh(client, plan.reporter)
    form = plan.form(evidence_title_0="Cizí", evidence_kept_0="action-plan/2026/tajne.pdf")
    client.post(reverse("action_plan:update_edit", args=[update.pk]), form)
    assert not Evidence.objects.filter(update=update, file="action-plan/2026/tajne.pdf").exists()


def test_the_chair_finds_a_submitted_update_and_revision_in_the_admin(client, plan):
    update = plan.submitted()
    revision = services.revision_create(concept=plan.concept, user=plan.manager, title="Revize k posouzení")
    from action_plan.models import ChangeKind, PlanChange

    retire = PlanChange(kind=ChangeKind.RETIRE, measure=plan.measure, reason="Splněno jinak.")
    services.change_save(revision=revision, user=plan.manager, change=retire)
    services.revision_submit(revision=revision, user=plan.manager)
    sign_in_fresh(client, plan.chair)
    home = client.get("/admin/").content.decode()
    assert str(update) in home and "Revize k posouzení" in home
    sign_in_fresh(client, plan.reporter)
    assert client.get(f"/admin/snippets/action_plan/progressupdate/edit/{update.pk}/").status_code in (302, 403, 404)


def test_a_reporter_in_a_sub_group_sees_and_submits_their_own_draft(client, plan):
    from groups.models import BodyKind, Role
    from tests.factories import BodyFactory, member_of

    subgroup = BodyFactory(parent=plan.body, kind=BodyKind.SUBGROUP)
    reporter = member_of(subgroup, Role.MEMBER, organisation=plan.responsible)
    update = plan.draft(user=reporter, narrative="Koncept z podskupiny")
    sign_in_fresh(client, reporter)
    assert "1. pololetí 2026" in client.get(reverse("action_plan:measure", args=[plan.measure.pk])).content.decode()
    assert "Koncept z podskupiny" in client.get(reverse("action_plan:update", args=[update.pk])).content.decode()
    client.post(reverse("action_plan:update_action", args=[update.pk, "submit"]))
    assert plan.measure.updates.get().state == UpdateState.SUBMITTED


def test_the_queue_reads_the_updates_with_their_plan_and_body_in_one_query(plan, django_assert_num_queries):
    """The chair's queue reads each waiting update's measure, goal, plan and approving body joined (it
    was four queries), and only the two task types that can wait for someone (not Wagtail's own)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan.submitted()
    chair = type(plan.chair).objects.get(pk=plan.chair.pk)
    with CaptureQueriesContext(connection) as captured:
        [state] = workflows.awaiting(chair)
    statements = [query["sql"] for query in captured]
    assert sum('FROM "action_plan_measure"' in sql for sql in statements) == 1
    assert not [sql for sql in statements if 'FROM "action_plan_goal"' in sql or "groupapprovaltask" in sql]
    with django_assert_num_queries(0):
        assert state.workflow_state.content_object.approval_body.pk == plan.body.pk
