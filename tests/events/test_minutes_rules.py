"""Rules of the minutes that the approval engine holds: the members' comment period is theirs until its
deadline (only the chair may end it early, with a reason on record), and a numbered decision stays in
the register for good (a correction revokes it)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events import services
from events.models import Decision, MinutesState, Task, TaskStatus
from tests.events.conftest import circulated_and_submitted, comment_period_over, signed_in
from tests.events.test_minutes import held, minutes_post, run_through_approval, write_minutes  # noqa: F401

pytestmark = pytest.mark.django_db


def circulated(client, meeting, people, days: int = 7):
    minutes = write_minutes(client, meeting, people)
    deadline = timezone.now() + datetime.timedelta(days=days)
    return services.minutes_circulate(minutes=minutes, user=people.manager, deadline=deadline)


def state_of(minutes) -> str:
    minutes.refresh_from_db()
    return minutes.state


def test_the_manager_cannot_cut_the_members_comment_period_short(client, people, held):  # noqa: F811
    minutes = circulated(client, held, people)
    with pytest.raises(ValidationError):
        services.minutes_submit(minutes=minutes, user=people.manager)
    signed_in(client, people.manager)
    page = client.get(reverse("events:minutes", args=[held.pk])).content.decode()
    assert reverse("events:minutes_action", args=[held.pk, "submit"]) not in page
    assert client.post(reverse("events:minutes_action", args=[held.pk, "submit"])).status_code == 403
    assert state_of(minutes) == MinutesState.CIRCULATING
    signed_in(client, people.chair)
    client.post(reverse("events:minutes_action", args=[held.pk, "approve"]))  # nothing to approve yet
    assert state_of(minutes) == MinutesState.CIRCULATING
    comment_period_over(minutes)
    services.minutes_submit(minutes=minutes, user=people.manager)
    assert state_of(minutes) == MinutesState.SUBMITTED


def test_only_the_chair_closes_comments_early_and_only_with_a_reason(client, people, held):  # noqa: F811
    minutes = circulated(client, held, people)
    close = reverse("events:minutes_action", args=[held.pk, "close-comments"])
    for role in ("manager", "member", "guest"):
        signed_in(client, getattr(people, role))
        assert client.post(close, {"comment": "Spěcháme."}).status_code == 403, role
    assert state_of(minutes) == MinutesState.CIRCULATING
    signed_in(client, people.chair)
    client.post(close, {"comment": "  "})
    assert state_of(minutes) == MinutesState.CIRCULATING
    client.post(close, {"comment": "Připomínky byly vypořádány na jednání."})
    assert state_of(minutes) == MinutesState.SUBMITTED
    closed = ModelLogEntry.objects.for_instance(minutes).filter(action="wagtail.workflow.approve").get()
    assert closed.user == people.chair and closed.comment == "Připomínky byly vypořádány na jednání."
    signed_in(client, people.member)
    page = client.get(reverse("events:minutes", args=[held.pk])).content.decode()
    assert "Předseda předčasně ukončil připomínky: „Připomínky byly vypořádány na jednání.“" in page
    with pytest.raises(ValidationError):  # the comments are closed now
        services.minutes_comment(minutes=minutes, user=people.member, text="Pozdě.")


def test_a_correction_cannot_drop_a_numbered_decision_but_can_revoke_it(client, people, held):  # noqa: F811
    minutes = run_through_approval(client, held, people)
    decision = Decision.objects.filter(minutes=minutes).order_by("sequence").first()
    task = Task.objects.get(minutes=minutes)
    field = next(
        f"item-{entry['agenda_item']}-decision-{d['key']}"
        for entry in minutes.content["items"]
        for d in entry["decisions"]
        if d["key"] == decision.key
    )
    signed_in(client, people.manager)
    url = reverse("events:minutes_edit", args=[held.pk])
    form = client.get(url).content.decode()
    help_id = f"id_{field}-revoked_helptext"
    assert f'aria-describedby="{help_id}"' in form and f'id="{help_id}"' in form  # the help is there, and named
    assert "Očíslované usnesení zůstává v evidenci" in form
    dropped = client.post(url, minutes_post(held, minutes, people, **{field: ""}))
    assert dropped.status_code == 200 and decision.number in dropped.content.decode()  # the error names it
    assert Decision.objects.filter(pk=decision.pk).exists()
    task_row = next(key for key in minutes_post(held, minutes, people) if key.endswith("-what") and "new" not in key)
    task_fields = {task_row[: -len("what")] + part: "" for part in ("what", "owner", "organisation", "due")}
    reason = {f"{field}-revoked": "Nahrazeno usnesením o novém harmonogramu."}
    revoked = client.post(url, minutes_post(held, minutes, people, **reason, **task_fields))
    assert revoked.status_code == 302, revoked.context["form"].errors
    circulated_and_submitted(minutes, people.manager)
    services.minutes_approve(minutes=minutes, user=people.chair)
    decision.refresh_from_db()
    assert decision.revoked_at and decision.revoked_reason == "Nahrazeno usnesením o novém harmonogramu."
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED  # left out of the correction: cancelled, not deleted
    page = client.get(reverse("events:minutes", args=[held.pk])).content.decode()
    assert decision.number in page and "Nahrazeno usnesením" in page
    numbers = list(Decision.objects.filter(body=held.body).values_list("sequence", flat=True))
    assert len(numbers) == len(set(numbers))
