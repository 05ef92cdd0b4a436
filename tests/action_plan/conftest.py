import datetime
from decimal import Decimal

import pytest

from action_plan import services
from action_plan.models import Status
from action_plan.services import UpdateContent
from groups.models import Role
from tests.factories import (
    BodyFactory,
    ConceptFactory,
    GoalFactory,
    IndicatorFactory,
    MeasureFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)
from tests.groups.conftest import with_totp

FIRST_HALF = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
PERIOD = "2026-01-01/2026-06-30"


class Plan:
    """A working group monitoring a concept with one measure (one indicator), and one person per role:
    the reporter represents the measure's responsible organisation; the other member does not."""

    def __init__(self):
        self.body = BodyFactory()
        self.concept = ConceptFactory(body=self.body)
        self.goal = GoalFactory(concept=self.concept, number=1, title="Bydlení pro domácnosti v bytové nouzi")
        self.responsible = OrganisationFactory(name="Odbor sociálních věcí", short_name="OSV")
        self.measure = MeasureFactory(
            goal=self.goal, code="1.1", title="Sociální bydlení v obecních bytech", lead_organisation=self.responsible
        )
        self.indicator = IndicatorFactory(measure=self.measure)
        self.chair = with_totp(member_of(self.body, Role.CHAIR))
        self.manager = with_totp(member_of(self.body, Role.MANAGER))
        self.reporter = member_of(self.body, Role.MEMBER, organisation=self.responsible)
        self.other_member = member_of(self.body, Role.MEMBER)
        self.guest = member_of(self.body, Role.GUEST, organisation=self.responsible)
        self.outsider = UserFactory()

    def draft(self, narrative="Hotovo podle plánu.", value=Decimal(222), period=FIRST_HALF, user=None):
        fields = {"period_start": period[0], "period_end": period[1], "status": Status.ON_TRACK, "narrative": narrative}
        values = [{"indicator": self.indicator, "value": value, "date": period[1], "source": "evidence odboru"}]
        return services.update_create(
            measure=self.measure, user=user or self.reporter, content=UpdateContent(fields=fields, values=values)
        )

    def form(self, narrative="Hotovo podle plánu.", value="222", **extra) -> dict:
        """What the members' form posts."""
        data = {"period": PERIOD, "status": Status.ON_TRACK, "narrative": narrative, "spent": "1500,50"}
        data[f"value_{self.indicator.pk}"] = value
        data[f"source_{self.indicator.pk}"] = "evidence odboru"
        return {**data, **extra}

    def submitted(self, **kwargs):
        return services.update_submit(update=self.draft(**kwargs), user=self.reporter)

    def approved(self, **kwargs):
        return services.update_approve(update=self.submitted(**kwargs), user=self.chair)


@pytest.fixture
def plan(db) -> Plan:
    return Plan()
