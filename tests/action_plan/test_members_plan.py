"""The members' list of measures (`/clenove/akcni-plan/`): the monitoring body's people see every measure,
a reporter from a group below it those their organisation leads or shares, others none; a page at a
time, whatever the plan's size."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import BodyKind, Role
from tests.factories import BodyFactory, MeasureFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db

PLAN_URL = reverse("action_plan:plan")


def listed(client, **query) -> list[tuple[str, bool]]:
    """(code, marked "yours") of each measure listed."""
    html = client.get(PLAN_URL, query).content.decode()
    rows = re.findall(r'<span class="plan-code">([^<]+)</span>.*?</a>\s*(<span class="tag">)?', html, re.S)
    return [(code, bool(tag)) for code, tag in rows]


@pytest.fixture
def shared_plan(plan):
    """Besides 1.1 (led by the reporter's organisation): 1.2 it shares as a partner, 1.3 it has no part in."""
    partner = MeasureFactory(goal=plan.goal, code="1.2", title="Prostupné bydlení", lead_organisation=plan.responsible)
    partner.lead_organisation = OrganisationFactory(name="Městská policie")
    partner.save()
    partner.partners.add(plan.responsible)
    MeasureFactory(goal=plan.goal, code="1.3", title="Krizové byty", lead_organisation=OrganisationFactory())
    return plan


def test_the_monitoring_bodys_people_see_every_measure(client, shared_plan):
    client.force_login(shared_plan.reporter)  # a member of the body, for the responsible organisation
    assert listed(client) == [("1.1", True), ("1.2", True), ("1.3", False)]
    client.force_login(shared_plan.other_member)
    assert listed(client) == [("1.1", False), ("1.2", False), ("1.3", False)]


def test_a_reporter_below_the_body_sees_what_their_organisation_leads_or_shares(client, shared_plan):
    subgroup = BodyFactory(parent=shared_plan.body, kind=BodyKind.SUBGROUP)
    client.force_login(member_of(subgroup, Role.MEMBER, organisation=shared_plan.responsible))
    assert listed(client) == [("1.1", True), ("1.2", True)]
    client.force_login(member_of(subgroup, Role.MEMBER))  # for an organisation with no measure
    assert listed(client) == []
    assert "Nepíšete zprávy k žádnému opatření" in client.get(PLAN_URL).content.decode()


def test_an_outsider_sees_no_measure(client, shared_plan):
    client.force_login(shared_plan.outsider)
    assert listed(client) == []


def test_a_long_plan_is_listed_a_page_at_a_time_at_the_same_cost(client, plan, django_assert_max_num_queries):
    """Fifty measures a page: the first page of a plan of 160 is as large and costs the same queries as
    that of a plan of 60, and the last page holds the rest."""
    from action_plan.views import MEMBERS_PLAN_PAGE_SIZE

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            MeasureFactory(goal=plan.goal, code=f"1.{n:03d}", title=f"Opatření {n}", lead_organisation=plan.responsible)

    client.force_login(plan.chair)
    add(59, start=2)
    client.get(PLAN_URL)
    with CaptureQueriesContext(connection) as captured:
        smaller = client.get(PLAN_URL).content.decode()
    queries = len(captured)  # now: the captured list is a slice of the connection's log, emptied by each request
    assert queries <= 9
    add(100, start=61)
    client.get(PLAN_URL)  # the frame kept again (saving measures retires it)
    with django_assert_max_num_queries(queries):
        larger = client.get(PLAN_URL).content.decode()
    assert larger.count('class="plan-code"') == smaller.count('class="plan-code"') == MEMBERS_PLAN_PAGE_SIZE
    assert abs(len(larger) - len(smaller)) < 100  # only the number of pages differs
    assert "Strana 1 z 4" in larger
    assert len(listed(client, strana=4)) == 160 - 3 * MEMBERS_PLAN_PAGE_SIZE
