"""Decision numbers are unique in a body and year even when two chairs approve at the same moment."""

import datetime
import threading
import time

import pytest
from django.db import OperationalError, close_old_connections
from django.utils import timezone

from events import services
from events.models import Decision, Minutes
from tests.events.conftest import circulated_and_submitted, make_meeting
from tests.groups.conftest import member_of, with_totp


def submitted_minutes(body, chair_manager, slug: str, start) -> Minutes:
    chair, manager = chair_manager
    meeting = make_meeting(body, days=5, slug=slug)
    item = services.agenda_item_save(meeting=meeting, user=manager, values={"title": "Bod"})
    meeting.start, meeting.end = start, start + datetime.timedelta(hours=1)  # held, in a year of its own
    meeting.save()
    minutes = services.minutes_for(meeting)
    content = minutes.content
    content["items"] = [
        {
            "agenda_item": item.pk,
            "notes": "",
            "confidential": False,
            "decisions": [{"key": services.new_key(), "text": f"Usnesení {n}"} for n in range(3)],
            "tasks": [],
        }
    ]
    minutes = services.minutes_save(minutes=minutes, user=manager, content=content, based_on=None)
    return circulated_and_submitted(minutes, manager)


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_share_a_number(working_group):
    from groups.models import Role

    chair = with_totp(member_of(working_group, Role.CHAIR, label="souběh-předseda"))
    manager = with_totp(member_of(working_group, Role.MANAGER, label="souběh-manažer"))
    start = timezone.make_aware(datetime.datetime(2020, 5, 5, 10))
    minutes = [submitted_minutes(working_group, (chair, manager), f"soubeh-{n}", start) for n in range(4)]
    barrier = threading.Barrier(len(minutes))
    errors = []

    def approve(one: Minutes) -> None:
        barrier.wait()
        try:
            for _attempt in range(200):
                try:
                    services.minutes_approve(minutes=one, user=chair)
                    return
                except OperationalError as error:
                    # The test database on SQLite is in-memory with a shared cache, where a busy table
                    # fails at once instead of waiting: wait here, as a file database does by itself.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.02)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=approve, args=(one,)) for one in minutes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(Decision.objects.filter(body=working_group, year=2020).values_list("number", flat=True))
    assert len(numbers) == 12 and len(set(numbers)) == 12
    assert sorted(numbers) == [f"PS-2020-{n:02d}" for n in range(1, 13)]
