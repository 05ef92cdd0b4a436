"""The plan at the working group's meetings: measures cited by agenda items, decisions and tasks (both
ways), the monitoring item's ready-made report, the ownership matrix and the reminders."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from action_plan import monitoring, services
from action_plan.models import MeasureLink, PlanReminder
from events import services as events_services
from events.models import Confidentiality, Decision, Visibility
from groups import services as groups_services
from groups.models import AgendaKind, Role
from portal.models import OutboxMessage
from tests.conftest import sign_in_fresh
from tests.events.conftest import circulated_and_submitted, make_meeting
from tests.factories import MeasureFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _item(plan, meeting, title="Plnění akčního plánu", confidentiality=Confidentiality.PUBLIC):
    values = {"title": title, "kind": AgendaKind.MONITORING, "confidentiality": confidentiality}
    return events_services.agenda_item_save(meeting=meeting, user=plan.manager, values=values)


def _decision(plan, text="Skupina bere na vědomí plnění opatření 1.1.", **meeting_values):
    meeting = make_meeting(plan.body, days=5, **meeting_values)
    item = _item(plan, meeting)
    meeting.start, meeting.end = (
        timezone.now() - datetime.timedelta(days=2),
        timezone.now() - datetime.timedelta(days=2),
    )
    meeting.save()
    minutes = events_services.minutes_for(meeting)
    content = minutes.content
    content["items"] = [
        {"agenda_item": item.pk, "notes": "", "confidential": False,
         "decisions": [{"key": events_services.new_key(), "text": text}], "tasks": []}
    ]  # fmt: skip
    minutes = events_services.minutes_save(minutes=minutes, user=plan.manager, content=content, based_on=None)
    events_services.minutes_approve(minutes=circulated_and_submitted(minutes, plan.manager), user=plan.chair)
    return Decision.objects.get(minutes=minutes)


def test_the_manager_cites_a_measure_and_the_measure_pages_list_it(client, plan):
    meeting = make_meeting(plan.body, slug="monitorovaci-jednani")
    item = _item(plan, meeting)
    events_services.agenda_submit(meeting=meeting, user=plan.manager)
    events_services.agenda_approve(meeting=meeting, user=plan.chair)  # the public reads approved agendas
    decision = _decision(plan)
    sign_in_fresh(client, plan.manager)
    url = reverse("action_plan:link_add", args=[plan.measure.pk])
    client.post(url, {"target": f"item:{item.pk}"})
    client.post(url, {"target": f"decision:{decision.pk}"})
    client.post(url, {"target": f"item:{item.pk}"})  # twice: still one
    assert MeasureLink.objects.filter(measure=plan.measure).count() == 2
    members = client.get(reverse("action_plan:measure", args=[plan.measure.pk])).content.decode()
    assert "Plnění akčního plánu" in members and decision.number in members
    client.logout()
    page = client.get(plan.concept.measure_url(plan.measure)).content.decode()
    assert "Plnění akčního plánu" in page and decision.number in page  # as the public meeting page shows


def test_the_public_never_sees_a_confidential_items_citation(client, plan):
    meeting = make_meeting(plan.body, slug="neverejne")
    secret = _item(plan, meeting, title="Kazuistika rodiny Dvořákových", confidentiality=Confidentiality.CONFIDENTIAL)
    services.link_add(measure=plan.measure, user=plan.manager, target=secret)
    assert "Dvořákových" not in client.get(plan.concept.measure_url(plan.measure)).content.decode()
    sign_in_fresh(client, plan.manager)
    assert "Dvořákových" in client.get(reverse("action_plan:measure", args=[plan.measure.pk])).content.decode()


def test_a_decision_of_a_members_only_meeting_is_cited_for_members_only(client, plan):
    decision = _decision(plan, text="Usnesení z neveřejného jednání", visibility=Visibility.MEMBERS)
    services.link_add(measure=plan.measure, user=plan.manager, target=decision)
    assert "Usnesení z neveřejného jednání" not in client.get(plan.concept.measure_url(plan.measure)).content.decode()
    sign_in_fresh(client, plan.guest)
    members = client.get(reverse("action_plan:measure", args=[plan.measure.pk])).content.decode()
    assert "Usnesení z neveřejného jednání" in members


def test_each_citation_is_shown_by_its_own_rule(client, plan):
    """Citations of several kinds on one measure: the public sees the public ones only, a member all."""
    meeting = make_meeting(plan.body, slug="smisene-citace")
    public_item = _item(plan, meeting, title="Bytová nouze v číslech")
    secret = _item(plan, meeting, title="Kazuistika rodiny Dvořákových", confidentiality=Confidentiality.CONFIDENTIAL)
    events_services.agenda_submit(meeting=meeting, user=plan.manager)
    events_services.agenda_approve(meeting=meeting, user=plan.chair)
    members_only = _decision(plan, text="Usnesení z neveřejného jednání", visibility=Visibility.MEMBERS)
    for target in (public_item, secret, members_only):
        services.link_add(measure=plan.measure, user=plan.manager, target=target)
    page = client.get(plan.concept.measure_url(plan.measure)).content.decode()
    assert "Bytová nouze v číslech" in page
    assert "Dvořákových" not in page and "Usnesení z neveřejného jednání" not in page
    sign_in_fresh(client, plan.manager)
    members = client.get(reverse("action_plan:measure", args=[plan.measure.pk])).content.decode()
    assert all(text in members for text in ("Bytová nouze", "Dvořákových", "Usnesení z neveřejného jednání"))


@pytest.mark.parametrize("role", ["reporter", "chair", "guest"])
def test_only_the_manager_cites(client, plan, role):
    item = _item(plan, make_meeting(plan.body, slug="jen-manazer"))
    sign_in_fresh(client, getattr(plan, role))
    response = client.post(reverse("action_plan:link_add", args=[plan.measure.pk]), {"target": f"item:{item.pk}"})
    assert response.status_code == 403 and not MeasureLink.objects.filter(measure=plan.measure).exists()


def test_another_bodys_item_cannot_be_cited(plan):
    from tests.factories import BodyFactory

    foreign = _item(plan, make_meeting(BodyFactory(), slug="cizi"))
    with pytest.raises(Exception, match="monitoruje|monitors"):
        services.link_add(measure=plan.measure, user=plan.manager, target=foreign)


def test_the_monitoring_item_reports_status_and_updates_approved_since_the_last_meeting(client, plan):
    earlier = make_meeting(plan.body, days=-60, slug="minule")
    assert earlier.start < timezone.now()
    plan.approved(narrative="Po minulém jednání")
    meeting = make_meeting(plan.body, slug="monitoring")
    item = _item(plan, meeting)
    services.link_add(measure=plan.measure, user=plan.manager, target=item)
    sign_in_fresh(client, plan.other_member)
    page = client.get(reverse("events:meeting", args=[meeting.pk])).content.decode()
    assert "Opatření akčního plánu" in page and "Plní se" in page and "1. pololetí 2026" in page


def test_a_held_meetings_monitoring_leaves_out_updates_approved_after_it(client, plan):
    make_meeting(plan.body, days=-60, slug="predminule")
    meeting = make_meeting(plan.body, days=5, slug="monitoring-konane")
    item = _item(plan, meeting)
    services.link_add(measure=plan.measure, user=plan.manager, target=item)
    start = timezone.now() - datetime.timedelta(days=3)
    meeting.start, meeting.end = start, start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    plan.approved()  # after the meeting was held
    sign_in_fresh(client, plan.other_member)
    page = client.get(reverse("events:meeting", args=[meeting.pk])).content.decode()
    assert "Opatření akčního plánu" in page and "1. pololetí 2026" not in page
    assert "Od minulého jednání nebyla schválena žádná zpráva." in page


def test_a_decision_citing_a_measure_shows_it_at_its_item_on_the_meeting_page(client, plan):
    decision = _decision(plan)
    services.link_add(measure=plan.measure, user=plan.manager, target=decision)
    sign_in_fresh(client, plan.other_member)
    page = client.get(reverse("events:meeting", args=[decision.minutes.meeting_id])).content.decode()
    assert "Opatření akčního plánu" in page and plan.measure.title in page


def test_the_kept_monitoring_follows_citations_approvals_and_who_reads(plan):
    """Each item's monitoring is kept under the items the reader sees: a citation and an approval show
    at once, and a confidential item's measures never reach a guest's page through what the manager's
    page kept. (Everyone signs in first: a sign-in saves the person, which would retire it anyway.)"""
    meeting = make_meeting(plan.body, slug="monitoring-drzeny")
    item = _item(plan, meeting)
    secret = _item(plan, meeting, title="Kazuistika rodiny Dvořákových", confidentiality=Confidentiality.CONFIDENTIAL)
    manager, guest = (sign_in_fresh(Client(), person) for person in (plan.manager, plan.guest))
    url = reverse("events:meeting", args=[meeting.pk])

    def page(client) -> str:
        return client.get(url).content.decode()

    assert "Opatření akčního plánu" not in page(manager)  # nothing cited yet, kept
    services.link_add(measure=plan.measure, user=plan.manager, target=secret)
    assert "Dvořákových" not in page(guest) and "Opatření akčního plánu" not in page(guest)
    assert "Opatření akčního plánu" in page(manager)  # not what the guest's page kept
    services.link_add(measure=plan.measure, user=plan.manager, target=item)
    assert "Od minulého jednání nebyla schválena žádná zpráva." in page(guest)
    plan.approved()
    assert "1. pololetí 2026" in page(guest) and "1. pololetí 2026" in page(manager)


def test_the_ownership_matrix_shows_who_owes_what(client, plan):
    make_meeting(plan.body, days=5, slug="pristi")
    sign_in_fresh(client, plan.other_member)
    url = reverse("groups:body_internal", args=[plan.body.pk])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert "OSV" in page and "dluží" in page
    body_reads = [q for q in captured.captured_queries if q["sql"].startswith('SELECT "wagtailcore_page"."id"')]
    body_reads = [q for q in body_reads if '"groups_bodypage"' in q["sql"] and "LIMIT 21" in q["sql"]]
    assert len(body_reads) == 1  # the body, read once: the plan's next meeting is looked up under it
    matrix = monitoring.ownership(plan.concept)
    assert [m.code for m in matrix.rows[0].owed] == ["1.1"] and matrix.overdue
    plan.submitted(period=matrix.period)
    matrix = monitoring.ownership(plan.concept)
    assert matrix.rows[0].owed == [] and matrix.overdue  # submitted is not yet approved


def test_the_kept_ownership_matrix_follows_reports_the_register_and_partners(plan):
    """The matrix is kept for the body's members' page; a report, a new member's organisation and a
    partnership show at once. (Everyone signs in first: a sign-in saves the person, which would retire
    it anyway.)"""
    meeting = make_meeting(plan.body, days=5, slug="pristi")
    charity = OrganisationFactory(name="Charita Ostrava", short_name="")
    MeasureFactory(goal=plan.goal, code="1.2", title="Kontaktní místo", lead_organisation=charity)
    client = sign_in_fresh(Client(), plan.other_member)
    url = reverse("groups:body_internal", args=[plan.body.pk])

    def row(name: str) -> str:
        page = client.get(url).content.decode()
        return page.split(f"<strong>{name}</strong>", 1)[1].split("</li>", 1)[0] if name in page else ""

    assert "dluží" in row("OSV") and row("Charita Ostrava") == ""  # kept; nobody represents the charity
    plan.submitted(period=monitoring.due_period(plan.concept, meeting))
    assert "nic nedluží" in row("OSV")
    groups_services.membership_create(person=plan.outsider, organisation=charity, body=plan.body, role=Role.MEMBER)
    assert ">1.2</a>" in row("Charita Ostrava")
    plan.measure.partners.add(charity)
    assert ">1.1</a>" in row("Charita Ostrava")


def test_the_ownership_matrix_names_ten_measures_and_counts_the_rest(client, plan):
    """A plan of a few hundred measures must not turn the body's page into a list of codes."""
    for number in range(2, 26):
        MeasureFactory(goal=plan.goal, code=f"1.{number}", lead_organisation=plan.responsible)
    sign_in_fresh(client, plan.other_member)
    page = client.get(reverse("groups:body_internal", args=[plan.body.pk])).content.decode()
    assert "(25 opatření)" in page
    assert ">1.10</a>" in page and ">1.11</a>" not in page  # ten codes, in the plan's order
    assert page.count("a 15 dalších") == 3  # the measures, those owed and those without an approved update


def test_reminders_go_a_week_before_the_meeting_once(plan):
    meeting = make_meeting(plan.body, days=5, slug="za-tyden")
    far = make_meeting(plan.body, days=40, slug="daleko")
    assert far.start > meeting.start
    sent = monitoring.reminders_send()
    assert sent == {"members": 1, "managers": 1}
    assert OutboxMessage.objects.filter(to_email=plan.reporter.email, kind="action_plan.update_due").exists()
    assert not OutboxMessage.objects.filter(to_email=plan.guest.email, kind="action_plan.update_due").exists()
    overdue = OutboxMessage.objects.get(to_email=plan.manager.email, kind="action_plan.updates_overdue")
    assert "- 1.1 Sociální bydlení v obecních bytech (Odbor sociálních věcí)" in overdue.body
    due = OutboxMessage.objects.get(to_email=plan.reporter.email, kind="action_plan.update_due")
    assert "- 1.1 Sociální bydlení v obecních bytech" in due.body
    assert monitoring.reminders_send() == {"members": 0, "managers": 0}
    assert PlanReminder.objects.filter(meeting=meeting).exists()


def test_no_reminder_when_everything_is_reported(plan):
    make_meeting(plan.body, days=5, slug="hotovo")
    plan.approved(period=monitoring.due_period(plan.concept, monitoring.next_meeting(plan.concept)), value=Decimal(1))
    assert monitoring.reminders_send() == {"members": 0, "managers": 0}
