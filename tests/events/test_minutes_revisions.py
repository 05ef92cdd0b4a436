"""A version of the minutes read back from its revision (the working copy, the version circulated)
checks its references in one query per referenced model, and drops or clears the ones that are gone
exactly as modelcluster does, one query per reference (portal/revisions.py)."""

import datetime

import pytest
from django.utils import timezone
from modelcluster.models import ClusterableModel

from events import services
from events.models import AgendaItem, Attendance, Minutes
from tests.events.conftest import approved_meeting
from tests.events.test_minutes import write_minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(people, working_group):
    """A meeting held yesterday, its agenda approved before."""
    meeting = approved_meeting(working_group, people)
    meeting.start = timezone.now() - datetime.timedelta(days=1)
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    return meeting


def modelclusters_own_reading(data: dict) -> Minutes:
    return ClusterableModel.from_serializable_data.__func__(Minutes, data)


def test_gone_references_are_dropped_or_cleared_as_modelcluster_does(client, people, held):
    minutes = write_minutes(client, held, people)
    content = minutes.content
    leaving = people.outsider
    content["attendance"].append(
        {"person": leaving.pk, "organisation": None, "status": Attendance.PRESENT, "substitute": ""}
    )
    content["items"][0]["tasks"].append({"key": "odchod", "what": "Předat agendu", "owner": leaving.pk, "due": None})
    services.minutes_save(minutes=minutes, user=people.manager, content=content, based_on=minutes.latest_revision_id)
    withdrawn = AgendaItem.objects.get(meeting=held, title="Bod pro členy")
    leaving.delete()  # the attendance row and the task keep their place, without the person (SET_NULL)
    withdrawn.delete()  # its entry goes with it (CASCADE)
    minutes = Minutes.objects.get(pk=minutes.pk)
    data = minutes.latest_revision.content

    read = Minutes.from_serializable_data(data).records()

    assert read == modelclusters_own_reading(data).records()
    assert withdrawn.pk not in [entry["agenda_item"] for entry in read["items"]]
    assert [row for row in read["attendance"] if row["person"] is None]
    assert [task for entry in read["items"] for task in entry["tasks"] if task["key"] == "odchod"][0]["owner"] is None


def test_reading_a_revision_back_costs_one_query_per_referenced_model(
    client,
    people,
    held,
    django_assert_max_num_queries,
):
    minutes = write_minutes(client, held, people)
    data = Minutes.objects.get(pk=minutes.pk).latest_revision.content
    # the meeting, its minutes (the parental keys), people, organisations, agenda items, revisions
    with django_assert_max_num_queries(6):
        Minutes.from_serializable_data(data)
